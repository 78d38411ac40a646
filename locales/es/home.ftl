# Página de inicio de Puente y la autoevaluación «¿Tu trabajo necesita un clúster?».

home-title = Puente: del escritorio al clúster
home-lead = Puente es el lugar donde investigadoras e investigadores de América Latina aprenden a llevar su trabajo del escritorio al clúster de HPC de su institución.
home-intro = Aquí aprendes paso a paso, en tu idioma, con lecciones prácticas y un notebook real en el clúster de tu institución, sin instalar nada. No hace falta experiencia previa con la terminal ni con supercomputadoras: si hasta hoy todo lo hiciste en tu computadora, este es tu punto de partida. Y no lo haces en soledad, porque hay cohortes, personas formadoras y una comunidad que ya pasó por lo mismo.

home-feature-lessons-title = Lecciones
home-feature-lessons-body = Cursos breves y prácticos, como «Del escritorio al clúster», que van desde los primeros comandos en la terminal hasta enviar trabajos con Slurm. Cada episodio tiene ejercicios y puedes avanzar a tu propio ritmo.

home-feature-notebooks-title = Notebooks en el clúster
home-feature-notebooks-body = Desde la misma lección puedes abrir un notebook de Jupyter que se ejecuta de verdad en el clúster de tu institución. Practicas con recursos reales desde el navegador, sin instalar nada en tu computadora.

home-feature-cohorts-title = Cohortes
home-feature-cohorts-body = Aprende junto a otras personas en cohortes guiadas por personas formadoras, con sesiones en vivo y espacio para preguntar. Quienes forman también se formaron aquí, en cohortes de formación de formadores, y conocen de cerca las dudas de quien empieza.

home-feature-community-title = Comunidad
home-feature-community-body = En los foros puedes preguntar, compartir scripts y ayudar a otras personas. Puente se gobierna con los votos de sus integrantes: la comunidad decide sus normas y sus prioridades.

home-why-heading = ¿Por qué existe Puente?
home-why-body = En toda la región hay centros de HPC universitarios y públicos, pero muchas personas que investigan nunca llegan a usarlos: falta formación en su idioma, acompañamiento y una comunidad a quien preguntar. Los créditos gratuitos de la nube van y vienen, y cuando se acaban el trabajo queda a medias. Puente lo opera un centro de HPC universitario o público en su propio hardware, para que aprender a usar el clúster de tu institución sea algo estable y al alcance de cualquiera.

check-heading = ¿Tu trabajo necesita un clúster?
check-intro = Responde tres preguntas y te daremos una recomendación para empezar.
check-q-data = ¿Tus datos ya no caben en la memoria de tu computadora?
check-q-time = ¿Algún análisis tarda más de una noche en tu computadora?
check-q-runs = ¿Necesitas repetir el mismo análisis muchas veces con distintos parámetros o archivos?
check-yes = Sí
check-no = No
check-submit = Ver la recomendación
check-result-heading = Nuestra recomendación
check-result-desktop = Por ahora, tu computadora probablemente alcanza para tu trabajo. Aun así, aprender a usar la terminal y tener buenos hábitos con tus datos te ahorrará tiempo y te preparará para el día en que necesites más potencia.
check-result-maybe = Vemos una señal de que tu trabajo empieza a quedarle grande a tu computadora. Empieza por los primeros episodios de «Del escritorio al clúster»; quizá con un notebook en el clúster ya tengas suficiente.
check-result-cluster = Vemos dos o más señales: un clúster puede ahorrarte semanas de espera. Empieza el curso «Del escritorio al clúster» y planifica tus análisis como trabajos por lotes de Slurm, que se ejecutan solos aunque apagues tu computadora.
check-unanswered = Responde las tres preguntas para ver una recomendación.
home-cta-start = Empieza el curso «Del escritorio al clúster»
home-cta-signup = Crea tu cuenta gratis
home-cta-dashboard = Sigue donde lo dejaste
check-course-start = Empieza «Del escritorio al clúster»
check-course-basics = Aprende lo básico en «Del escritorio al clúster»
