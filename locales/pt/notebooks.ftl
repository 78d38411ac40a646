## Notebooks: lançamento, progresso, recusas do proxy e a página de administração.

notebook-launch = Abrir notebook
notebook-login-to-launch = Entre para abrir este notebook
notebook-stop = Parar servidor
notebook-open = Abrir o JupyterLab
notebook-retry = Tentar de novo
notebook-mine-title = Meus notebooks
notebook-mine-none = Você não tem nenhum servidor de notebooks em execução. Abra um a partir de qualquer episódio prático.
notebook-progress-title = Iniciando seu notebook
notebook-stages = Etapas do lançamento
notebook-age-minutes = { $minutes ->
    [one] iniciado há 1 minuto
   *[other] iniciado há { $minutes } minutos
}
notebook-age-hours = { $hours ->
    [one] iniciado há 1 hora
   *[other] iniciado há { $hours } horas
}

notebook-stage-queued = Na fila
notebook-stage-creating = Preparando seu espaço de trabalho
notebook-stage-pulling = Baixando a imagem de software
notebook-stage-starting = Iniciando o Jupyter
notebook-stage-ready = Pronto
notebook-stage-stopping = Parando
notebook-stage-stopped = Parado
notebook-stage-failed = Não foi possível iniciar

notebook-error-timeout = Seu notebook não iniciou a tempo. O cluster pode estar ocupado: tente de novo em alguns minutos.
notebook-error-unavailable = Não é possível alcançar o cluster agora. Nada foi perdido: tente de novo em alguns minutos.
notebook-error-failed = Seu notebook não pôde iniciar. Tente de novo; se continuar falhando, avise quem administra este site.
notebook-none = Este episódio não tem notebook.
notebook-profile-unknown = Este episódio pede um tipo de notebook que este site não oferece.
notebook-limit = Você já tem em execução todos os servidores de notebooks permitidos. Pare um para iniciar outro.
notebook-stopping = Seu servidor de notebooks está parando. Aguarde um momento e abra de novo.
notebook-stopped = O servidor de notebooks foi parado. Seus arquivos foram mantidos.
notebook-not-ready = Seu notebook ainda não está pronto.
notebook-token-in-url = Links para notebooks nunca levam tokens. Abra o notebook pelo Puente.
notebook-foreign-origin = Esta requisição não veio da própria página do seu notebook, por isso foi recusada.
notebook-unauthorized = Sua sessão no notebook terminou. Abra o notebook de novo pelo Puente.
notebook-unreachable = Seu servidor de notebooks não responde. Talvez tenha parado: abra de novo pelo Puente.
notebook-ticket-invalid = Este link para o seu notebook expirou ou já foi usado. Abra o notebook de novo pelo Puente.
notebook-usage-bad-period = Escolha um período cujo início seja anterior ou igual ao fim (datas como AAAA-MM-DD).

admin-notebooks-title = Servidores de notebooks
admin-notebooks-running = Servidores em execução
admin-notebooks-person = Pessoa
admin-notebooks-institution = Instituição
admin-notebooks-profile = Perfil
admin-notebooks-state = Estado
admin-notebooks-age = Idade
admin-notebooks-last-activity = Última atividade
admin-notebooks-usage = Uso
admin-notebooks-usage-caption = Recursos solicitados por instituição no período escolhido
admin-notebooks-people = Pessoas
admin-notebooks-servers = Servidores
admin-notebooks-core-hours = Horas-núcleo
admin-notebooks-gib-hours = Memória (GiB-hora)
admin-notebooks-no-institution = (sem instituição)
admin-notebooks-from = De
admin-notebooks-to = Até
admin-notebooks-show = Mostrar
admin-notebooks-csv-institutions = Baixar CSV por instituição
admin-notebooks-csv-people = Baixar CSV por pessoa
notebook-new-tab = (abre em uma nova aba; a lição continua nesta)
notebook-back-to-lesson = Voltar à lição
notebook-follow = Acompanhar
notebook-ready-title = Seu notebook está pronto
notebook-failed-title = Seu notebook não conseguiu iniciar
notebook-stopped-title = Seu notebook está parado
notebook-detail-workspace = preparamos sua pasta de trabalho
notebook-detail-files = copiamos os arquivos do episódio para sua pasta
notebook-detail-scheduled = o cluster escolheu uma máquina para o seu notebook
notebook-detail-waiting-for-room = o cluster está ocupado; seu notebook aguarda a vez
notebook-detail-volume = conectamos seu espaço de armazenamento
notebook-detail-pulling = baixamos o software do notebook (na primeira vez demora mais)
notebook-detail-pulled = o software do notebook já está pronto
notebook-detail-container-started = seu notebook iniciou e está abrindo o Jupyter
notebook-detail-jupyter = o Jupyter está iniciando
notebook-detail-retrying = houve um problema passageiro; estamos tentando de novo
