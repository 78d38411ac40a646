# Código de conduta e aviso de privacidade do Puente.
# { $contact } é o endereço de contato publicado pelo centro de HPC que opera esta instância.

## Código de conduta

conduct-title = Código de conduta
conduct-version = Versão 1.0, em vigor a partir de 25 de novembro de 2026
conduct-intro = O Puente existe para que qualquer pessoa que faz pesquisa possa dar o salto do computador pessoal para o cluster sem se sentir sozinha ou deslocada. Aqui se aprende em público: fazemos perguntas básicas, erramos comandos no terminal e compartilhamos código pela metade. Este código descreve como nos tratamos para que esse aprendizado seja seguro para todas as pessoas, seja qual for sua área, seu país, seu idioma ou quanto entendam de computação.

conduct-scope-heading = Onde se aplica
conduct-scope-body = Este código vale em todos os espaços do Puente: fóruns, turmas, sessões ao vivo, notebooks compartilhados com outras pessoas e discussões e votações de governança. Também se aplica às turmas de formação de formadores e a qualquer atividade organizada em nome do Puente fora da plataforma. Ele vale igualmente para participantes, pessoas formadoras, moderadoras e a equipe do centro de HPC.

conduct-expected-heading = O que esperamos de cada membro
conduct-expected-1 = Tratar as outras pessoas com respeito e gentileza, inclusive quando houver discordância.
conduct-expected-2 = Lembrar que ninguém nasce sabendo usar um cluster e responder às perguntas básicas com paciência, sem deboche.
conduct-expected-3 = Escrever com clareza e, quando possível, em um idioma que quem perguntou entenda; português, espanhol e inglês são igualmente bem-vindos.
conduct-expected-4 = Criticar ideias e código, nunca pessoas, e acompanhar cada crítica de uma sugestão concreta.
conduct-expected-5 = Reconhecer o trabalho alheio: citar a fonte de código, dados e materiais e dar crédito a quem ajudou.
conduct-expected-6 = Cuidar dos recursos compartilhados do cluster e dos dados de outras pessoas: usar só o necessário e respeitar a confidencialidade.

conduct-unacceptable-heading = O que não aceitamos
conduct-unacceptable-1 = Comentários, piadas ou imagens que rebaixem alguém por gênero, identidade ou orientação sexual, origem étnica, nacionalidade, sotaque, religião, idade, deficiência, aparência física ou condição econômica.
conduct-unacceptable-2 = Assédio de qualquer tipo, incluindo atenção sexual indesejada e a insistência com alguém que pediu para não receber mais mensagens.
conduct-unacceptable-3 = Insultos, ameaças, intimidação ou ataques pessoais, em público ou por mensagem privada.
conduct-unacceptable-4 = Menosprezar alguém pelo nível de experiência, pela instituição ou pelo idioma, com frases como “isso qualquer um sabe”.
conduct-unacceptable-5 = Divulgar informações privadas de outra pessoa, como dados de contato, pesquisa não publicada ou capturas de conversas privadas, sem permissão.
conduct-unacceptable-6 = Usar os notebooks ou os recursos do cluster para prejudicar outras pessoas: acessar dados alheios, sabotar jobs ou burlar as cotas de uso.
conduct-unacceptable-7 = Pressionar, comprar ou manipular votos na governança, ou criar contas falsas para influenciar uma decisão.

conduct-reporting-heading = Como relatar um problema
conduct-reporting-body = Se você sofreu ou presenciou algo que vai contra este código, escreva para a equipe de moderação em { $contact }. Conte o que aconteceu, onde e quando, e inclua links ou capturas de tela se tiver; o relato não precisa ser perfeito. Todo relato é confidencial: só as pessoas moderadoras que cuidam do caso o leem, e sua identidade nunca é revelada à pessoa denunciada sem a sua permissão. Ninguém sofrerá retaliação por relatar de boa-fé, e qualquer retaliação é tratada como falta grave. Se uma pessoa moderadora estiver envolvida no caso, ela fica de fora da análise.

conduct-enforcement-heading = O que acontece depois
conduct-enforcement-body = A equipe de moderação analisa cada relato, ouve as pessoas envolvidas e responde a quem relatou o quanto antes. Conforme a gravidade da falta e se ela se repete, a resposta pode ser uma advertência, a suspensão temporária da conta ou da participação em uma turma, ou a exclusão definitiva da comunidade. Se houver risco imediato para alguém, podemos agir primeiro, por exemplo ocultando uma publicação, e explicar depois. Toda pessoa que receber uma sanção recebe também uma explicação e pode pedir que outra pessoa da moderação revise a decisão.

conduct-changes-heading = Mudanças neste código
conduct-changes-body = A comunidade pode propor mudanças neste código pelo processo de governança do Puente. Cada nova versão tem número e data de entrada em vigor e é mostrada a cada membro, que precisa aceitá-la no próximo login para continuar participando.

## Aviso de privacidade

privacy-title = Aviso de privacidade
privacy-updated = Última atualização: 25 de novembro de 2026
privacy-intro = Este aviso explica, em palavras simples, quais dados pessoais o Puente guarda, para que os usa e o que você pode fazer com eles. O Puente roda em servidores próprios do centro de HPC que o opera: seus dados não são vendidos, não são usados para publicidade e não são compartilhados com empresas de análise. Se algo não ficar claro, escreva para nós e explicamos.

privacy-controller-heading = Quem é responsável pelos seus dados
privacy-controller-body = O controlador dos dados é o centro de HPC que opera esta instância do Puente, uma instituição universitária ou pública que a mantém em seu próprio hardware. O operador publica seus dados de contato, e para qualquer dúvida sobre privacidade você pode escrever para { $contact }. Cada instância do Puente tem seu próprio controlador, então este aviso se refere apenas à instância que você está usando.

privacy-data-heading = Quais dados guardamos
privacy-data-1 = Dados da conta: nome de exibição, e-mail, país, instituição, idioma preferido e um hash da sua senha; a senha em si nunca é armazenada.
privacy-data-2 = Aprendizado e turmas: quais lições e episódios você concluiu e de quais turmas participa ou participou, como estudante ou como pessoa formadora.
privacy-data-3 = Publicações nos fóruns: o que você escreve, com data e seu nome de exibição, que outros membros podem ler.
privacy-data-4 = Votos de governança: registramos seus votos para contá-los, impedir que alguém vote duas vezes e permitir que os resultados sejam conferidos.
privacy-data-5 = Uso de notebooks: quando você inicia e encerra cada notebook e quanta CPU e memória solicita, para controlar as cotas do cluster.
privacy-data-6 = Registros de segurança: os endereços IP que ficam nos registros de login e de limite de requisições, usados para detectar abusos e apagados após 30 dias.

privacy-purpose-heading = Para que usamos
privacy-purpose-body = Usamos esses dados apenas para o Puente funcionar: manter sua conta, mostrar seu progresso, organizar as turmas, publicar suas mensagens, contar os votos da comunidade e dividir de forma justa os recursos do cluster. Os registros de segurança servem para proteger as contas contra acessos indevidos e abusos. O centro pode produzir estatísticas agregadas que não identificam ninguém, por exemplo quantas pessoas concluíram um curso, para prestar contas do uso da sua infraestrutura. Não há publicidade, nem perfis comerciais, nem venda de dados.

privacy-legal-heading = Base legal
privacy-legal-body = Tratamos seus dados de acordo com a Lei Geral de Proteção de Dados Pessoais (LGPD, Lei nº 13.709/2018), fiscalizada pela Autoridade Nacional de Proteção de Dados (ANPD), com a Lei 25.326 de Proteção dos Dados Pessoais da Argentina, cuja autoridade de aplicação é a Agencia de Acceso a la Información Pública, e com as demais normas do país do centro que opera esta instância. A base principal é o seu consentimento, dado ao criar a conta, junto com a necessidade de tratar esses dados para prestar o serviço que você pediu. Pela LGPD, os registros de segurança se apoiam também no legítimo interesse de proteger a plataforma e quem a utiliza.

privacy-rights-heading = Seus direitos
privacy-rights-1 = Acesso e download: você pode saber quais dados temos sobre você e baixá-los quando quiser, em formato JSON, na sua página de perfil.
privacy-rights-2 = Correção: você pode corrigir ou atualizar seus dados no perfil, ou pedir que façamos isso se houver algo que você não consiga mudar por conta própria.
privacy-rights-3 = Eliminação: você pode excluir sua conta; seus dados pessoais são apagados ou anonimizados, e suas mensagens no fórum são mantidas para não quebrar as conversas, mas assinadas como “ex-membro”.
privacy-rights-4 = Revogação do consentimento: você pode revogá-lo a qualquer momento; como sem esses dados não conseguimos manter sua conta, a revogação se concretiza com a exclusão dela e não afeta o que foi feito antes.
privacy-rights-5 = Reclamação à autoridade: se achar que não respeitamos seus direitos, você pode reclamar à ANPD no Brasil, à Agencia de Acceso a la Información Pública na Argentina ou à autoridade de proteção de dados do seu país. Se quiser, fale com a gente antes e tentamos resolver juntos.

privacy-retention-heading = Por quanto tempo guardamos
privacy-retention-body = Os dados da sua conta, seu progresso e sua participação em turmas são mantidos enquanto a conta estiver ativa. Os registros de segurança com endereços IP são apagados automaticamente após 30 dias. Quando você exclui sua conta, apagamos ou anonimizamos seus dados pessoais; seus registros de uso de notebooks ficam apenas como estatísticas que não identificam você, seus votos já dados continuam contando sem vínculo com seu nome e suas mensagens no fórum passam a aparecer assinadas como “ex-membro”. As cópias de segurança técnicas são renovadas periodicamente, e os dados apagados desaparecem delas ao fim desse ciclo.

privacy-cookies-heading = Cookies
privacy-cookies-body = O Puente usa um único cookie: o de sessão, estritamente necessário para lembrar que você entrou e proteger sua conta. Ele deixa de valer quando você sai ou quando a sessão expira. Não usamos cookies de análise nem de publicidade, nem rastreadores de terceiros, e por isso não pedimos que você aceite cookies.

privacy-notebooks-heading = Notebooks no cluster
privacy-notebooks-body = Quando você abre um notebook a partir de uma lição, ele roda no cluster da sua instituição, e os arquivos e dados que você usa ou gera ficam no armazenamento do cluster, sujeitos às regras de uso do centro de HPC. O Puente registra apenas quando cada notebook é iniciado e encerrado e quais recursos foram pedidos, para o controle de cotas; ele não lê o conteúdo dos seus notebooks. A equipe técnica do centro só acessa esses arquivos quando é necessário para operar ou proteger o sistema. Se você compartilhar um notebook, quem tiver acesso verá o conteúdo, então confira se ele não inclui dados sensíveis, como dados de saúde ou de pessoas identificáveis, sem a devida autorização.

privacy-contact-heading = Contato
privacy-contact-body = Para exercer seus direitos, tirar uma dúvida ou nos avisar de um problema com seus dados, escreva para { $contact }. Responderemos dentro dos prazos da lei aplicável e, sempre que possível, antes disso. Se mudarmos este aviso de forma importante, vamos anunciar na plataforma e atualizar a data acima.
