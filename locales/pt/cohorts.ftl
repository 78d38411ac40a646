## Turmas: a lista e a página de uma turma

cohorts-title = Turmas
cohorts-intro = Aprenda junto com outras pessoas: uma turma é uma edição de um curso, com formadores, um cronograma e gente para aprender com você.
cohorts-none = Não há turmas abertas no momento. Os cursos estão sempre abertos para você seguir por conta própria.
cohorts-mine = Minhas turmas
cohorts-mine-none = Você ainda não está em nenhuma turma.
cohort-new = Nova turma
cohort-full = Lotada: quem chegar agora entra na lista de espera
cohort-seats = { $free } de { $capacity } vagas livres
cohort-starts = Começa em { $when }
cohort-led-by = conduzida por { $name }
cohort-manage = Gerenciar
cohort-roster = Lista de participantes
cohort-schedule = Cronograma
cohort-times-in = Horários no fuso { $zone }.
cohort-no-sessions = O cronograma será publicado em breve.
cohort-calendar-link = Adicionar o cronograma à sua agenda (iCalendar)
cohort-session = Sessão
cohort-minutes = { $minutes } min
cohort-session-cancelled = cancelada
cohort-session-join = Entrar na sessão on-line
cohort-next-session = Próxima sessão: { $when }
cohort-your-progress = Episódios concluídos: { $done } de { $total }
cohort-withdraw = Sair desta turma
cohort-withdraw-application = Retirar minha candidatura
cohort-you-lead = Você é o formador principal desta turma
cohort-you-trainer = Você é formador nesta turma
cohort-you-helper = Você é monitor nesta turma
cohort-you-learner = Você está inscrito
cohort-you-applied = Sua candidatura está aguardando a decisão dos formadores.
cohort-you-waitlisted = Você está na lista de espera: vai receber um e-mail assim que uma vaga abrir.
cohort-you-declined = Sua candidatura a esta turma não foi aceita.
cohort-closed = Esta turma não está recebendo novas pessoas.
cohort-login-to-join = Entre para participar
cohort-join-title = Participar desta turma
cohort-full-waitlist = A turma está lotada: você pode entrar na lista de espera.
cohort-code = Código de inscrição
cohort-code-hint = 8 caracteres, fornecidos pelos formadores. Maiúsculas ou minúsculas, com ou sem hifens.
cohort-motivation = Por que você quer participar?
cohort-motivation-hint = Algumas palavras para os formadores (até 1.000 caracteres).
cohort-join-open = Participar
cohort-join-code = Participar com o código
cohort-join-application = Enviar minha candidatura
cohort-joined-enrolled = Você está dentro! Vai receber um e-mail com os detalhes.
cohort-joined-waitlisted = A turma está lotada: você está na lista de espera.
cohort-joined-applied = Candidatura enviada. Os formadores vão responder por e-mail.
cohort-withdrawn = Você saiu da turma.

## Estados, funções, modalidades

cohort-state-draft = Rascunho
cohort-state-published = Inscrições abertas
cohort-state-running = Em andamento
cohort-state-finished = Concluída
cohort-state-archived = Arquivada
cohort-to-draft = Voltar para rascunho
cohort-to-published = Publicar
cohort-to-running = Iniciar a turma
cohort-to-finished = Concluir a turma
cohort-to-archived = Arquivar
cohort-role-lead = Formador principal
cohort-role-trainer = Formador adjunto
cohort-role-helper = Monitor
cohort-role-learner = Participante
cohort-member-enrolled = Inscrito
cohort-member-applied = Candidatura enviada
cohort-member-waitlisted = Lista de espera
cohort-member-declined = Recusado
cohort-member-withdrawn = Saiu
cohort-enrolment-open = Aberta a qualquer pessoa
cohort-enrolment-code = Com código de inscrição
cohort-enrolment-application = Por candidatura
cohort-visibility-listed = Listada na página de turmas
cohort-visibility-unlisted = Somente com o link
cohort-yes = Sim
cohort-no = Não

## Criação e gerenciamento

cohort-create = Criar a turma
cohort-manage-title = Gerenciar: { $cohort }
cohort-created = Turma criada como rascunho. Adicione as sessões e depois publique.
cohort-saved = Alterações salvas.
cohort-state = Estado
cohort-state-changed = O estado da turma mudou.
cohort-enrolment = Inscrição
cohort-code-rotate = Gerar um novo código (o anterior deixa de funcionar)
cohort-code-rotated = Novo código de inscrição gerado.
cohort-core-hours-used = Horas-núcleo de notebooks usadas: { $used } (orçamento: { $budget })
cohort-settings = Configurações
cohort-title = Título
cohort-slug = Endereço
cohort-slug-hint = Letras minúsculas, dígitos e hifens; se ficar vazio, é gerado a partir do título.
cohort-course = Curso
cohort-locale = Idioma em que é ensinada
cohort-description = Descrição
cohort-description-hint = Markdown: o quê, para quem, o que trazer.
cohort-capacity = Vagas
cohort-visibility = Visibilidade
cohort-zone = Fuso horário
cohort-budget = Orçamento de horas-núcleo de notebooks
cohort-budget-hint = Para os perfis extras abaixo; deixe vazio para nenhum.
cohort-cert-rule = Certificado de conclusão
cohort-cert-attendance = Frequência mínima (%)
cohort-cert-survey = Questionário final respondido
cohort-cert-episodes = Todos os episódios do curso concluídos
cohort-profiles = Perfis de notebook extras
cohort-profiles-hint = Perfis que os membros desta turma podem usar além dos padrão, separados por espaços, enquanto durar o orçamento.
cohort-profiles-names = Nomes dos perfis
cohort-profiles-known = Perfis neste site: { $names }
cohort-save = Salvar
cohort-team = Equipe
cohort-team-add = Adicionar à equipe
cohort-team-added = Adicionado à equipe.
cohort-team-remove = Remover
cohort-session-add = Adicionar uma sessão
cohort-session-edit = Editar a sessão
cohort-session-saved = Sessão salva.
cohort-session-cancel = Cancelar esta sessão
cohort-session-cancelled-notice = Sessão cancelada: as agendas vão mostrá-la como cancelada.
cohort-session-title = Título (opcional)
cohort-session-date = Data
cohort-session-time = Horário de início
cohort-session-minutes = Duração (minutos)
cohort-session-place = Local
cohort-session-link = Link da reunião
cohort-session-episodes = Episódios abordados
cohort-feed-name = Minhas sessões do Puente

## Lista de participantes e frequência

cohort-roster-title = Lista de participantes: { $cohort }
cohort-roster-csv = Baixar a lista de participantes (CSV)
cohort-roster-name = Nome
cohort-roster-email = E-mail
cohort-roster-role = Função
cohort-roster-state = Situação
cohort-roster-attendance = Frequência
cohort-roster-episodes = Episódios concluídos
cohort-roster-survey = Questionário final
cohort-roster-certificate = Certificado
cohort-roster-core-hours = Horas-núcleo
cohort-sessions-held = Sessões realizadas até agora: { $held }
cohort-applications = Candidaturas e lista de espera
cohort-accept = Aceitar
cohort-waitlist = Lista de espera
cohort-decline = Recusar
cohort-decided = Decisão salva; a pessoa vai receber um e-mail.
cohort-attendance = Frequência
cohort-attendance-present = Presente
cohort-attendance-late = Atrasado
cohort-attendance-excused = Falta justificada
cohort-attendance-absent = Ausente
cohort-attendance-save = Salvar frequência
cohort-attendance-saved = Frequência salva.
cohort-no-learners = Ainda não há ninguém inscrito.

## Agenda (feed de calendário)

cohort-feed-title = Sua agenda
cohort-feed-intro = Um endereço privado com todas as sessões das suas turmas, para qualquer aplicativo de agenda. Quem tiver o endereço vê suas sessões: não o compartilhe.
cohort-feed-create = Criar meu endereço de agenda
cohort-feed-rotate = Gerar um novo endereço (o anterior deixa de funcionar)
cohort-feed-revoke = Desativar o endereço
cohort-feed-created = Aqui está seu endereço de agenda. Adicione-o ao seu aplicativo de agenda como assinatura.
cohort-feed-once = Ele só é mostrado agora; você sempre pode gerar um novo.
cohort-feed-revoked = Endereço de agenda desativado.

## Problemas

cohort-title-invalid = Dê um título de até 120 caracteres.
cohort-slug-invalid = Use de 3 a 60 letras minúsculas, dígitos e hifens simples.
cohort-slug-taken = Outra turma já tem esse endereço.
cohort-course-invalid = Escolha um dos cursos.
cohort-locale-invalid = Escolha um idioma.
cohort-description-invalid = A descrição é longa demais (no máximo 5.000 caracteres).
cohort-institution-invalid = O nome da instituição é longo demais.
cohort-capacity-invalid = As vagas precisam ser um número inteiro de 1 a 5.000.
cohort-capacity-below = Já há mais participantes inscritos do que isso.
cohort-visibility-invalid = Escolha uma visibilidade.
cohort-enrolment-invalid = Escolha como as pessoas se inscrevem.
cohort-zone-invalid = Escolha um fuso horário da lista.
cohort-budget-invalid = O orçamento precisa ser um número inteiro de horas-núcleo.
cohort-cert-attendance-invalid = A frequência precisa ser uma porcentagem de 0 a 100.
cohort-date-invalid = Informe a data como ano-mês-dia.
cohort-time-invalid = Esse horário não existe neste fuso horário nesse dia (mudança de horário) ou não é um horário.
cohort-duration-invalid = A duração precisa estar entre 15 e 600 minutos.
cohort-place-invalid = O local é longo demais.
cohort-link-invalid = Informe um endereço web completo que comece com https://.
cohort-state-invalid = A turma não pode passar para esse estado a partir do estado atual.
cohort-code-wrong = Esse não é o código atual desta turma. Peça-o aos formadores.
cohort-motivation-missing = Conte aos formadores, em poucas palavras, por que você quer participar.
cohort-motivation-invalid = O texto é longo demais (no máximo 1.000 caracteres).
cohort-already-in = Você já está nesta turma (ou aguardando uma resposta).
cohort-declined-before = Sua candidatura a esta turma foi recusada; fale com os formadores se achar que foi um engano.
cohort-not-in = Você não está nesta turma.
cohort-team-cannot-withdraw = Formadores e monitores saem da equipe por meio do formador principal.
cohort-not-a-member = Essa pessoa não está nesta turma.
cohort-nothing-to-decide = Não há nada a decidir para essa pessoa.
cohort-decision-invalid = Escolha aceitar, lista de espera ou recusar.
cohort-role-invalid = Escolha formador adjunto ou monitor.
cohort-no-such-account = Não há nenhuma conta confirmada com esse e-mail.
cohort-not-on-team = Essa pessoa não está na equipe.
cohort-session-cancelled-change = Uma sessão cancelada não pode ser alterada.
cohort-attendance-invalid = Escolha presente, atrasado, falta justificada ou ausente.
cohort-attendance-not-member = A frequência só pode ser registrada para pessoas inscritas nesta turma.

## Questionários

survey-pre-title = Questionário antes da turma
survey-post-title = Questionário depois da turma
survey-anonymous = Suas respostas são anônimas: os formadores veem apenas os totais, nunca quem respondeu o quê.
survey-nps = Qual é a probabilidade de você recomendar este curso a um colega?
survey-nps-low = nada provável
survey-nps-high = extremamente provável
survey-likert-1 = O curso foi relevante para o meu trabalho.
survey-likert-2 = Os formadores explicaram as coisas com clareza.
survey-likert-3 = Eu me sinto capaz de usar o cluster na minha pesquisa.
survey-agree-low = discordo totalmente
survey-agree-high = concordo totalmente
survey-comment = Quer nos contar mais alguma coisa? (opcional)
survey-submit = Enviar minhas respostas
survey-choose = Escolha uma das opções.
survey-comment-invalid = O texto é longo demais (no máximo 2.000 caracteres).
survey-problems = Algumas perguntas precisam de resposta; elas estão marcadas abaixo.
survey-already-answered = Você já respondeu a este questionário. Obrigado!
survey-results-title = Resultados do questionário
survey-results-intro = Somente totais: as respostas são anônimas. O índice de recomendação e os comentários aparecem quando um número suficiente de pessoas tiver respondido.
survey-rate = { $responses } respostas de { $learners } participantes ({ $rate } %)
survey-nps-value = Net Promoter Score: { $nps }
survey-nps-hidden = O Net Promoter Score aparece quando pelo menos { $min } pessoas tiverem respondido.
survey-nps-short = NPS
survey-likert-caption = Afirmações (1 = discordo totalmente, 5 = concordo totalmente)
survey-statement = Afirmação
survey-answers = Respostas
survey-average = Média
survey-distribution = Respostas por valor
survey-comments = Comentários
survey-comments-hidden = { $count } comentários, exibidos quando pelo menos { $min } pessoas tiverem respondido.
survey-no-comments = Ainda não há comentários.
survey-questions = Suas próprias perguntas
survey-which = Questionário
survey-kind = Tipo de resposta
survey-kind-likert = Concordo ou discordo (1–5)
survey-kind-text = Texto livre
survey-kind-invalid = Escolha o questionário e o tipo de resposta.
survey-prompt = Pergunta
survey-prompt-invalid = Escreva a pergunta (até 300 caracteres).
survey-add-question = Adicionar a pergunta
survey-question-added = Pergunta adicionada.
admin-surveys-title = Pesquisas
admin-surveys-intro = Net Promoter Score dos questionários finais de todas as turmas; um grupo mostra seu índice quando tem pelo menos { $min } respostas.
admin-surveys-by-course = Por curso
admin-surveys-by-institution = Por instituição

## Certificados

certificates-title = Certificados
certificates-rule = Regra: frequência de pelo menos { $attendance } %; questionário final respondido: { $survey }; todos os episódios concluídos: { $episodes }.
certificates-issue-all = Emitir para todos que cumprem a regra ({ $count })
certificates-issue-one = Emitir
certificates-issued = { $count } certificados emitidos; os titulares vão receber um e-mail.
certificates-revoked = Certificado revogado.
certificates-rule-met = Cumpre a regra
certificates-actions = Ações
certificates-reason = Motivo da revogação
certificates-revoke = Revogar
certificate-state-valid = Válido
certificate-state-revoked = Revogado
certificate-yours = Seu certificado
certificate-heading = Certificado de conclusão
certificate-trainer-heading = Formador certificado
certificate-trainer-title = Formador certificado do Puente
certificate-line = concluiu o curso
certificate-trainer-line = concluiu a certificação da Formação de formadores do Puente e está habilitado a ensinar
certificate-dates = de { $from } a { $to }
certificate-hours = { $hours } horas
certificate-issuer = Emitido por { $name }
certificate-verify-at = Verifique este certificado em:
certificate-valid = Este certificado é válido.
certificate-revoked = Este certificado foi revogado em { $when }.
certificate-revoked-reason = Motivo: { $reason }
certificate-holder = Titular
certificate-title = Turma
certificate-dates-label = Datas
certificate-hours-label = Horas
certificate-issuer-label = Emitido por
certificate-issued-label = Emitido em
certificate-code = Código
certificate-qr = Código QR com o endereço deste certificado
certificate-pdf = Baixar o PDF
certificate-json = Dados assinados (JSON)
certificate-signature = Os dados são assinados com Ed25519 sobre JSON canônico RFC 8785 (chave { $kid }); as chaves públicas estão em { $keys }.
certificate-not-a-learner = Somente participantes inscritos nesta turma recebem o certificado dela.
certificate-attendance-short = Frequência abaixo da regra.
certificate-survey-missing = O questionário final não foi respondido.
certificate-episodes-missing = Nem todos os episódios foram concluídos.
certificate-exists = Essa pessoa já tem um certificado desta turma.
certificate-already-revoked = Este certificado já foi revogado.
certificate-reason-missing = Informe o motivo da revogação (até 300 caracteres).

## Certificação da Formação de formadores

checkout-title = Certificação de formador
checkout-none = A certificação começa quando você conclui uma turma de Formação de formadores.
checkout-deadline = Conclua todas as etapas até { $when }.
checkout-deadline-label = Prazo
checkout-expired = O prazo terminou. Peça uma prorrogação a alguém da administração.
checkout-complete-notice = Certificação concluída: você é um formador certificado.
checkout-step-training = Formação
checkout-step-training-help = Concluir uma turma de Formação de formadores.
checkout-step-welcome = Sessão de boas-vindas
checkout-step-welcome-help = Participe de uma sessão de boas-vindas da comunidade; um formador registra sua presença.
checkout-step-demo = Demonstração de ensino
checkout-step-demo-help = Ensine 5 minutos de um episódio em uma sessão de demonstração; um formador certificado avalia.
checkout-step-involvement = Participação
checkout-step-involvement-help = Seja monitor ou formador adjunto em uma turma do Puente (contado automaticamente) ou envie comprovação de outra atividade.
checkout-result-n = Ainda não avaliado
checkout-result-p = Aprovado
checkout-result-a = Pedido para repetir
checkout-result-f = Reprovado
checkout-demo-book = Agende sua demonstração de ensino
checkout-demo-waiting = Sua demonstração está agendada; um formador certificado vai avaliá-la depois da sessão.
checkout-no-slots = Ainda não há sessões de demonstração para agendar; os formadores adicionam novas regularmente.
checkout-slot-host = conduzida por { $name }
checkout-slot-free = { $free } vagas livres
checkout-book = Agendar
checkout-booked = Demonstração agendada.
checkout-involvement-title = Outra forma de participação
checkout-involvement-intro = Ajudou em uma oficina, contribuiu para uma lição? Conte aos formadores, com um link se houver.
checkout-involvement-url = Link (opcional)
checkout-involvement-note = O que você fez?
checkout-involvement-send = Enviar
checkout-involvement-sent = Enviado; um formador vai confirmar.
checkout-history = O que você já fez
checkout-queue-title = Certificação: demonstrações e formandos
checkout-queue-demos = Demonstrações para avaliar
checkout-queue-involvements = Participações para confirmar
checkout-queue-trainees = Formandos
checkout-queue-empty = Nada pendente.
checkout-rubric-hint = Marque cada ponto em que o formando pode melhorar. { $marks } marcas ou mais costumam significar pedir para repetir; uma única marca grave pode bastar. A decisão é sua.
checkout-notes = Observações para o formando
checkout-pass = Aprovado
checkout-repeat = Pedir para repetir
checkout-confirm = Confirmar
checkout-own-demo = Sua própria demonstração: outro formador vai avaliá-la.
checkout-welcome-record = Participou de uma sessão de boas-vindas
checkout-extend = Prorrogar por 90 dias
checkout-done = Concluído
checkout-slots = Sessões de demonstração
checkout-slot-add = Adicionar uma sessão de demonstração
checkout-evaluated = Avaliação salva; o formando vai receber um e-mail.
checkout-welcomed = Sessão de boas-vindas registrada.
checkout-slot-added = Sessão de demonstração adicionada.
checkout-extended = Prazo prorrogado.
checkout-not-a-trainee = Essa pessoa não é formanda.
checkout-complete = Esta certificação já está concluída.
checkout-demo-passed = Sua demonstração já foi aprovada.
checkout-demo-booked = Você já tem uma demonstração agendada.
checkout-slot-invalid = Essa sessão de demonstração não está aberta para agendamento.
checkout-slot-full = Essa sessão de demonstração está lotada; escolha outra.
checkout-slot-past = Essa sessão já teria terminado.
checkout-demo-evaluated = Esta demonstração já foi avaliada.
checkout-demo-not-yet = A demonstração ainda não aconteceu.
checkout-result-invalid = Escolha aprovado ou pedir para repetir.
checkout-rubric-invalid = Ponto da rubrica desconhecido.
checkout-notes-invalid = O texto é longo demais.
checkout-note-missing = Conte em poucas palavras o que você fez.
checkout-involvement-passed = Esta etapa já foi aprovada.
checkout-involvement-evaluated = Isto já foi confirmado.
checkout-extension-limit = O prazo não pode ir além de um ano depois da formação.
rubric-content = Conteúdo
rubric-delivery = Apresentação
rubric-curriculum = Usa a lição, só com pequenas alterações
rubric-context = Dá contexto: por que isso importa
rubric-correct = Ensina corretamente
rubric-typing = Digita o código à mão (sem colar)
rubric-environment = Usa o mesmo ambiente que os participantes
rubric-fonts = Texto e janelas grandes o suficiente
rubric-explains = Explica tudo o que digita
rubric-mistakes = Usa os erros para ensinar
rubric-notes = Mantém as anotações fora da tela compartilhada
rubric-notifications = Nenhuma notificação na tela
rubric-just-easy = Evita “só” e “fácil”
rubric-pace = Ritmo devagar o suficiente
rubric-clear = Fala com clareza
rubric-attentive = Presta atenção aos participantes

## Notebooks por turma

notebook-budget-spent = O orçamento de notebooks desta turma se esgotou: este perfil não está mais disponível. Fale com os formadores.
admin-notebooks-cohort = Turma
admin-notebooks-cohort-caption = Uso por turma neste período

## E-mails

email-cohort-enrolled-subject = Você está dentro: { $cohort }
email-cohort-enrolled-body = Olá, { $name }!

    Você está inscrito em { $cohort }. O cronograma e os links das reuniões estão na página da turma.
email-cohort-enrolled-action = Ver a turma
email-cohort-waitlisted-subject = Lista de espera: { $cohort }
email-cohort-waitlisted-body = Olá, { $name }!

    { $cohort } está lotada por enquanto, então você está na lista de espera. Vamos escrever para você assim que uma vaga abrir.
email-cohort-waitlisted-action = Ver a turma
email-cohort-applied-subject = Candidatura recebida: { $cohort }
email-cohort-applied-body = Olá, { $name }!

    Recebemos sua candidatura para { $cohort }. Os formadores vão responder por e-mail.
email-cohort-applied-action = Ver a turma
email-cohort-accepted-subject = Candidatura aceita: { $cohort }
email-cohort-accepted-body = Olá, { $name }!

    Sua candidatura para { $cohort } foi aceita. Boas-vindas!
email-cohort-accepted-action = Ver a turma
email-cohort-declined-subject = Sua candidatura para { $cohort }
email-cohort-declined-body = Olá, { $name }!

    Sentimos muito: desta vez sua candidatura para { $cohort } não foi aceita. Os cursos continuam abertos para você seguir por conta própria.
email-cohort-declined-action = Ver os cursos
email-cohort-promoted-subject = Abriu uma vaga: { $cohort }
email-cohort-promoted-body = Olá, { $name }!

    Abriu uma vaga em { $cohort } e ela é sua: você está inscrito.
email-cohort-promoted-action = Ver a turma
email-cohort-withdrawn-subject = Você saiu de { $cohort }
email-cohort-withdrawn-body = Olá, { $name }!

    Você não está mais em { $cohort }. Se foi um engano, pode entrar de novo enquanto ela estiver aberta.
email-cohort-withdrawn-action = Ver a turma
email-cohort-team-subject = Você está na equipe de { $cohort }
email-cohort-team-body = Olá, { $name }!

    Você foi adicionado à equipe de { $cohort }.
email-cohort-team-action = Ver a turma
email-cohort-reminder-subject = Amanhã: { $cohort }
email-cohort-reminder-body = Olá, { $name }!

    Um lembrete: a próxima sessão de { $cohort } é em { $when }. { $place }
email-cohort-reminder-action = Ver o cronograma
email-certificate-issued-subject = Seu certificado: { $cohort }
email-certificate-issued-body = Olá, { $name }!

    Parabéns! Seu certificado de { $cohort } está pronto. Qualquer pessoa pode verificá-lo no endereço dele.
email-certificate-issued-action = Ver seu certificado
email-checkout-started-subject = Sua certificação de formador começou
email-checkout-started-body = Olá, { $name }!

    Você concluiu a turma de Formação de formadores. Faltam três etapas para se tornar um formador certificado: uma sessão de boas-vindas, uma demonstração de ensino e a participação. Você tem 90 dias.
email-checkout-started-action = Ver sua certificação
email-checkout-deadline-subject = Faltam duas semanas para sua certificação de formador
email-checkout-deadline-body = Olá, { $name }!

    Sua certificação de formador termina em { $when }. Veja o que ainda falta fazer.
email-checkout-deadline-action = Ver sua certificação
email-demo-evaluated-subject = Sua demonstração de ensino: { $result }
email-demo-evaluated-body = Olá, { $name }!

    Sua demonstração de ensino foi avaliada: { $result }. As observações do formador estão na página da sua certificação.
email-demo-evaluated-action = Ver sua certificação
cohort-forum = O fórum da turma: perguntas e novidades para o seu pessoal
