## Fóruns: listas, tópicos, publicações

forum-title = Fórum
forum-intro = Pergunte, responda e aprenda com pessoas que fazem pesquisa em toda a América Latina. Seja gentil: o código de conduta vale aqui.
forum-nav = Navegação do fórum
forum-categories = Categorias
forum-latest = Tópicos recentes
forum-older = Tópicos anteriores
forum-no-topics = Ainda não há tópicos. Comece o primeiro!
forum-new = novo
forum-unread-count = { $count } não lidas
forum-replies = { $count } respostas
forum-solved = Resolvido
forum-answer = Solução
forum-new-topic = Novo tópico
forum-new-topic-here = Novo tópico nesta categoria
forum-notifications = Notificações
forum-bookmarks = Marcadores
forum-bookmarks-none = Você ainda não adicionou nenhuma publicação aos marcadores.
forum-pages = Páginas deste tópico
forum-former-member = Ex-membro
forum-edited = editada
forum-post-deleted = Esta publicação foi excluída.
forum-post-hidden = Esta publicação está oculta enquanto a equipe de moderação a analisa.
forum-login-to-reply = Entre para responder
forum-cannot-reply = Você não pode responder nesta categoria.
forum-category-archived = Este espaço está arquivado: você pode lê-lo, mas não publicar nele.
forum-reply = Sua resposta
forum-reply-send = Responder
forum-reply-to = Responder
forum-quote = Citar
forum-edit = Editar
forum-delete = Excluir
forum-save = Salvar
forum-like = Curtir ({ $count })
forum-likes = { $count } curtidas
forum-bookmark = Adicionar aos marcadores
forum-solve = Marcar como solução
forum-unsolve = Desmarcar como solução
forum-level = Me avisar
forum-level-save = Salvar
forum-level-watching = Acompanhando: cada resposta
forum-level-tracking = Seguindo: contagem de não lidas
forum-level-normal = Normal: menções e respostas às minhas publicações
forum-level-muted = Sem notificações: nada
forum-level-invalid = Escolha um dos níveis de notificação.
forum-body = Mensagem
forum-body-hint = Markdown: **negrito**, `código`, ```python blocos```, > citações, [links](https://…). Mencione alguém com @nome.
forum-category = Categoria
forum-category-choose = Escolha uma categoria
forum-topic-title = Título
forum-topic-title-hint = Uma pergunta ou um resumo que outras pessoas possam reconhecer, de 8 a 200 caracteres.
forum-create = Criar tópico
forum-conduct = Ler o código de conduta
forum-history = Versões anteriores
forum-history-current = Versão atual
forum-history-until = Versão válida até { $when }
forum-episode-intro = Perguntas e comentários sobre o episódio [{ $episode }]({ $link }). Pergunte o que quiser: alguém que já passou por ele vai ajudar você.

## Denúncias e moderação

forum-flag = Denunciar
forum-flag-why = Por que a equipe de moderação deveria analisar esta publicação?
forum-flag-off_topic = Fora do assunto
forum-flag-inappropriate = Inadequada: vai contra o código de conduta
forum-flag-spam = Spam
forum-flag-other = Outro motivo (conte qual)
forum-flag-note = Uma nota para a equipe de moderação (obrigatória para “outro motivo”)
forum-flag-send = Enviar para a equipe de moderação
forum-flag-title = Denunciar uma mensagem
forum-flag-post-by = Mensagem nº { $number } de @{ $handle }
forum-flag-post = Mensagem nº { $number }
forum-flag-thanks = Obrigado. A equipe de moderação vai analisar.
forum-review-title = Fila de revisão
forum-review-intro = Publicações denunciadas, das mais antigas para as mais recentes. As publicações ocultas continuam ocultas até você decidir. Cada decisão fica registrada com o motivo, e quem escreveu a publicação recebe um aviso.
forum-review-empty = Nada para analisar.
forum-review-decided = Decisão registrada.
forum-review-score = peso das denúncias { $score }
forum-decision = Decisão
forum-decision-keep = Manter a publicação (as denúncias não procedem)
forum-decision-hide = Ocultar a publicação
forum-decision-delete = Excluir a publicação
forum-decision-ignore = Ignorar as denúncias
forum-decision-silence = Ocultar a publicação e silenciar quem a escreveu
forum-decision-suspend = Ocultar a publicação e suspender quem a escreveu
forum-reason = Motivo
forum-days = Dias (silenciamento ou suspensão)
forum-decide = Decidir
forum-log-title = Registro de moderação
forum-log-csv = Baixar como CSV
forum-log-when = Quando
forum-log-who = Pessoa moderadora
forum-log-action = Ação
forum-log-author = Autoria
forum-log-keep = manteve
forum-log-hide = ocultou
forum-log-delete = excluiu
forum-log-ignore = ignorou as denúncias
forum-log-silence = silenciou
forum-log-suspend = suspendeu
forum-log-edit = editou
forum-log-restore = restaurou

## Notificações

forum-notifications-none = Você ainda não tem notificações.
forum-notifications-read = Marcar todas como lidas
forum-notification-reply = { $name } respondeu
forum-notification-mention = { $name } mencionou você
forum-notification-solved = { $name } marcou sua publicação como a solução
forum-notification-hidden = Sua publicação foi ocultada após denúncias da comunidade; edite-a para enviá-la de novo para revisão
forum-notification-decided-keep = Uma pessoa moderadora analisou sua publicação e a manteve
forum-notification-decided-hide = Uma pessoa moderadora ocultou sua publicação
forum-notification-decided-delete = Uma pessoa moderadora excluiu sua publicação
forum-notification-decided-ignore = Uma pessoa moderadora analisou as denúncias sobre sua publicação
forum-notification-decided-silence = Uma pessoa moderadora ocultou sua publicação e silenciou você por um tempo
forum-notification-decided-suspend = Uma pessoa moderadora ocultou sua publicação e suspendeu você por um tempo

## Categorias (administração)

forum-admin-title = Categorias do fórum
forum-admin-new = Nova categoria
forum-admin-edit = Editar categoria
forum-admin-saved = Categoria salva.
forum-category-slug = Endereço
forum-category-slug-hint = Letras minúsculas, dígitos e hifens (sem começar com “cohort-”).
forum-category-name-es = Nome em espanhol
forum-category-name-pt = Nome em português
forum-category-name-en = Nome em inglês
forum-category-description-es = Descrição em espanhol
forum-category-description-pt = Descrição em português
forum-category-description-en = Descrição em inglês
forum-category-position = Posição
forum-category-visibility = Quem pode ler
forum-category-posting = Quem pode publicar
forum-category-kind = Tipo
forum-visibility-public = Todo mundo
forum-visibility-trainers = Somente pessoas formadoras
forum-visibility-moderators = Somente a equipe de moderação
forum-visibility-cohort = Somente as pessoas da turma
forum-posting-everyone = Todas as pessoas que podem ler
forum-posting-staff = Pessoas formadoras e equipe de moderação (avisos)
forum-kind-discussion = Discussão
forum-kind-qa = Perguntas e respostas

## Problemas

forum-title-invalid = O título precisa ter de 8 a 200 caracteres.
forum-title-shouting = Por favor, não escreva o título só em maiúsculas.
forum-post-invalid = Escreva uma mensagem (pelo menos 2 caracteres, sem caracteres de controle).
forum-post-too-long = Uma publicação pode ter no máximo 32.000 caracteres. Compartilhe logs ou arquivos longos por meio de um link.
forum-post-too-deep = Esta publicação tem citações ou listas aninhadas em níveis demais para ser exibida. Simplifique-a.
forum-post-duplicate = Você já publicou exatamente isto. Edite sua publicação anterior em vez de enviá-la de novo.
forum-limit-links = Pessoas novas no fórum podem adicionar no máximo 2 links por publicação. Esse limite desaparece à medida que você participa.
forum-limit-images = Pessoas novas no fórum podem adicionar no máximo 1 imagem por publicação. Esse limite desaparece à medida que você participa.
forum-limit-mentions = Uma publicação pode mencionar no máximo 10 pessoas.
forum-limit-mentions-new = Pessoas novas no fórum podem mencionar no máximo 2 pessoas por publicação. Esse limite desaparece à medida que você participa.
forum-limit-replies-per-topic = Pessoas novas no fórum podem responder no máximo 3 vezes no mesmo tópico. Esse limite desaparece à medida que você participa.
forum-first-day-topics = No seu primeiro dia, você pode criar no máximo 3 tópicos. Volte amanhã!
forum-first-day-replies = No seu primeiro dia, você pode publicar no máximo 10 respostas. Volte amanhã!
forum-too-soon = Você está publicando muito rápido. Espere alguns segundos e envie de novo.
forum-too-soon-new = Pessoas novas no fórum esperam 30 segundos entre uma publicação e outra. Envie de novo daqui a pouco.
forum-too-soon-topic-new = Pessoas novas no fórum esperam 2 minutos entre um tópico novo e outro. Envie de novo daqui a pouco.
forum-silenced = Uma pessoa moderadora silenciou você por um tempo: você pode ler, mas não pode publicar, curtir nem denunciar.
forum-suspended = Uma pessoa moderadora suspendeu você por um tempo: você pode ler, mas não pode publicar, curtir nem denunciar.
forum-like-own = Você não pode curtir sua própria publicação.
forum-flag-own = Você não pode denunciar sua própria publicação; você pode editá-la ou excluí-la.
forum-flag-trust = Você poderá denunciar depois de ler um pouco do fórum (nível de confiança 1).
forum-flag-twice = Você já denunciou esta publicação.
forum-flag-too-many = Você atingiu o limite de 20 denúncias por hoje.
forum-flag-reason-invalid = Escolha por que você está denunciando esta publicação.
forum-flag-note-required = Conte para a equipe de moderação o que está errado.
forum-flag-note-invalid = A nota pode ter no máximo 1.000 caracteres.
forum-solve-not-qa = Só perguntas podem ser marcadas como resolvidas.
forum-solve-invalid = Essa publicação não pode ser a solução.
forum-reason-required = Escreva o motivo (ele fica registrado e é mostrado para quem escreveu a publicação).
forum-days-invalid = Escolha entre 1 e 365 dias.
forum-decision-invalid = Escolha uma decisão.
forum-review-decided-already = Outra pessoa moderadora já tomou uma decisão sobre isso.
forum-category-invalid = Escolha uma categoria em que você possa publicar.
forum-category-slug-invalid = Use de 3 a 60 letras minúsculas, dígitos e hifens, sem começar com “cohort-”.
forum-category-slug-taken = Outra categoria já usa esse endereço.
forum-category-name-invalid = Escreva um nome de até 80 caracteres.
forum-category-description-invalid = A descrição pode ter no máximo 500 caracteres.
forum-category-position-invalid = Use um número de 0 a 1000.
forum-category-visibility-invalid = Escolha quem pode ler.
forum-category-posting-invalid = Escolha quem pode publicar.
forum-category-kind-invalid = Escolha um tipo.

## E-mails

email-forum-review-subject = Há publicações denunciadas esperando a moderação
email-forum-review-body = Olá, { $name }:

    { $count } publicações denunciadas esperam há mais de 48 horas por uma decisão. As publicações ocultas continuam ocultas até que alguém da moderação decida, e quem as escreveu também está esperando.
email-forum-review-action = Abrir a fila de revisão
email-forum-reply-subject = { $writer } respondeu em “{ $topic }”
email-forum-reply-body = Olá, { $name }:

    { $writer } respondeu em “{ $topic }”, um tópico que você acompanha no fórum do Puente.
email-forum-reply-action = Ler a resposta
email-forum-mention-subject = { $writer } mencionou você em “{ $topic }”
email-forum-mention-body = Olá, { $name }:

    { $writer } mencionou você em “{ $topic }” no fórum do Puente.
email-forum-mention-action = Ler a publicação
forum-unsubscribe-title = E-mails do fórum
forum-unsubscribe-intro = Parar de receber e-mails sobre respostas e menções no fórum? Você continuará a vê-las nas suas notificações.
forum-unsubscribe-button = Parar os e-mails do fórum
forum-unsubscribed = Pronto: o Puente não vai mais escrever para você sobre o fórum.
forum-unsubscribe-again = Você pode ativá-los de novo no seu perfil (“Respostas às minhas mensagens nos fóruns”).

email-digest-daily-subject = Hoje no fórum do Puente
email-digest-daily-body = Olá, { $name }: isto aconteceu no Puente desde ontem.

    { $digest }
email-digest-daily-action = Abrir o fórum
email-digest-weekly-subject = Sua semana no fórum do Puente
email-digest-weekly-body = Olá, { $name }: isto aconteceu no Puente nesta semana.

    { $digest }
email-digest-weekly-action = Abrir o fórum
email-digest-topics = Tópicos mais ativos:
email-digest-topic = { $topic } (mensagens novas: { $count })
email-digest-replies = Respostas que as pessoas curtiram:
email-digest-reply = { $writer } em “{ $topic }” (curtidas: { $likes })
email-digest-session = Sua próxima sessão da turma: { $session }, { $when }.
email-digest-votes = Votações esperando seu voto:
email-digest-vote = { $poll } (termina em { $closes })
forum-digest-unsubscribe-title = Resumo do fórum
forum-digest-unsubscribe-intro = Parar de receber o resumo do fórum por e-mail? O fórum e suas notificações continuam iguais.
forum-digest-unsubscribe-button = Parar o resumo
forum-digest-unsubscribed = Pronto: o Puente não vai mais enviar o resumo para você.
forum-digest-unsubscribe-again = Você pode escolher de novo um resumo diário ou semanal no seu perfil.
