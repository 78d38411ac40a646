# Página inicial do Puente e a autoavaliação “Seu trabalho precisa de um cluster?”.

home-title = Puente: do computador ao cluster
home-lead = O Puente é o lugar onde pesquisadoras e pesquisadores da América Latina aprendem a levar seu trabalho do computador pessoal para o cluster de HPC da sua instituição.
home-intro = Aqui você aprende passo a passo, no seu idioma, com lições práticas e um notebook de verdade no cluster da sua instituição, sem instalar nada. Não é preciso ter experiência com o terminal nem com supercomputadores: se até hoje você fez tudo no seu computador, este é o seu ponto de partida. E você não vai estar por conta própria: há turmas, pessoas formadoras e uma comunidade que já passou pelo mesmo caminho.

home-feature-lessons-title = Lições
home-feature-lessons-body = Cursos curtos e práticos, como “Do desktop ao cluster”, que vão dos primeiros comandos no terminal até o envio de jobs com Slurm. Cada episódio tem exercícios, e você avança no seu próprio ritmo.

home-feature-notebooks-title = Notebooks no cluster
home-feature-notebooks-body = Da própria lição você pode abrir um notebook Jupyter que roda de verdade no cluster da sua instituição. Você pratica com recursos reais pelo navegador, sem instalar nada no seu computador.

home-feature-cohorts-title = Turmas
home-feature-cohorts-body = Aprenda junto com outras pessoas em turmas conduzidas por pessoas formadoras, com sessões ao vivo e espaço para perguntas. Quem forma também se formou aqui, em turmas de formação de formadores, e conhece de perto as dúvidas de quem está começando.

home-feature-community-title = Comunidade
home-feature-community-body = Nos fóruns você pode perguntar, compartilhar scripts e ajudar outras pessoas. O Puente é governado pelos votos dos seus membros: a comunidade decide suas regras e prioridades.

home-why-heading = Por que o Puente existe?
home-why-body = Em toda a região há centros de HPC universitários e públicos, mas muitas pessoas que fazem pesquisa nunca chegam a usá-los: faltam formação no seu idioma, acompanhamento e uma comunidade para tirar dúvidas. Os créditos gratuitos de nuvem vêm e vão, e quando acabam o trabalho fica pela metade. O Puente é operado por um centro de HPC universitário ou público em seu próprio hardware, para que aprender a usar o cluster da sua instituição seja algo estável e ao alcance de qualquer pessoa.

check-heading = Seu trabalho precisa de um cluster?
check-intro = Responda a três perguntas e daremos uma recomendação para você começar.
check-q-data = Seus dados já não cabem na memória do seu computador?
check-q-time = Alguma análise leva mais de uma noite no seu computador?
check-q-runs = Você precisa repetir a mesma análise muitas vezes com parâmetros ou arquivos diferentes?
check-yes = Sim
check-no = Não
check-submit = Ver a recomendação
check-result-heading = Nossa recomendação
check-result-desktop = Por enquanto, seu computador provavelmente dá conta do seu trabalho. Mesmo assim, aprender a usar o terminal e ter bons hábitos com seus dados vai poupar tempo e preparar você para o dia em que precisar de mais poder de processamento.
check-result-maybe = Vemos um sinal de que seu trabalho está começando a ficar grande demais para o seu computador. Comece pelos primeiros episódios de “Do desktop ao cluster”; talvez um notebook no cluster já seja suficiente.
check-result-cluster = Vemos dois ou mais sinais: um cluster pode poupar semanas de espera. Comece o curso “Do desktop ao cluster” e planeje suas análises como jobs em lote do Slurm, que rodam sozinhos mesmo com o seu computador desligado.
check-unanswered = Responda às três perguntas para ver uma recomendação.
home-cta-start = Comece o curso «Do desktop ao cluster»
home-cta-signup = Crie sua conta grátis
home-cta-dashboard = Continue de onde parou
check-course-start = Comece «Do desktop ao cluster»
check-course-basics = Aprenda o básico em «Do desktop ao cluster»
