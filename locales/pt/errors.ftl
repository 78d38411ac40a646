error-not-found = Não encontramos o que você procura.
error-unauthenticated = Você precisa entrar para fazer isso.
error-forbidden = Você não tem permissão para fazer isso.
error-bad-request = A solicitação não é válida. Revise os dados e tente novamente.
error-rate-limited = Tentativas demais. Aguarde { $seconds } segundos e tente novamente.
error-internal = Algo deu errado do nosso lado. Já ficou registrado; tente novamente em alguns minutos.
error-payload-too-large = O que você enviou é grande demais.
error-cross-site = Recusamos esta solicitação porque ela não veio de uma página do Puente. Se foi você quem a enviou, volte à página e envie de novo.
