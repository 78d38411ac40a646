## Cohortes: la lista y la página de una cohorte

cohorts-title = Cohortes
cohorts-intro = Aprende en compañía: una cohorte es una edición de un curso, con personas formadoras, un calendario y gente con quien aprender.
cohorts-none = Ahora mismo no hay cohortes abiertas. Los cursos siempre están disponibles para seguirlos por tu cuenta.
cohorts-mine = Mis cohortes
cohorts-mine-none = Todavía no estás en ninguna cohorte.
cohort-new = Nueva cohorte
cohort-full = Completa: las personas nuevas pasan a la lista de espera
cohort-seats = { $free } de { $capacity } plazas libres
cohort-starts = Empieza el { $when }
cohort-led-by = a cargo de { $name }
cohort-manage = Administrar
cohort-roster = Participantes
cohort-schedule = Calendario
cohort-times-in = Horarios en { $zone }.
cohort-no-sessions = Pronto publicaremos el calendario.
cohort-calendar-link = Agrega el calendario a tu agenda (iCalendar)
cohort-session = Sesión
cohort-minutes = { $minutes } min
cohort-session-cancelled = cancelada
cohort-session-join = Entrar a la sesión en línea
cohort-next-session = Próxima sesión: { $when }
cohort-your-progress = Episodios completados: { $done } de { $total }
cohort-withdraw = Salir de esta cohorte
cohort-withdraw-application = Retirar mi solicitud
cohort-you-lead = Estás a cargo de esta cohorte
cohort-you-trainer = Enseñas en esta cohorte
cohort-you-helper = Eres ayudante en esta cohorte
cohort-you-learner = Tu inscripción está confirmada
cohort-you-applied = Tu solicitud espera la decisión de un formador.
cohort-you-waitlisted = Estás en la lista de espera: te avisaremos por correo en cuanto se libere una plaza.
cohort-you-declined = Tu solicitud para esta cohorte no fue aceptada.
cohort-closed = Esta cohorte no recibe más personas.
cohort-login-to-join = Entra para sumarte
cohort-join-title = Súmate a esta cohorte
cohort-full-waitlist = La cohorte está completa: puedes anotarte en la lista de espera.
cohort-code = Código de inscripción
cohort-code-hint = 8 caracteres, te lo da tu formador. En mayúsculas o minúsculas, con o sin guiones.
cohort-motivation = ¿Por qué quieres sumarte?
cohort-motivation-hint = Unas palabras para las personas formadoras (hasta 1000 caracteres).
cohort-join-open = Sumarme
cohort-join-code = Sumarme con el código
cohort-join-application = Enviar mi solicitud
cohort-joined-enrolled = ¡Ya estás dentro! Te enviaremos un correo con los detalles.
cohort-joined-waitlisted = La cohorte está completa: quedaste en la lista de espera.
cohort-joined-applied = Solicitud enviada. Las personas formadoras te responderán por correo.
cohort-withdrawn = Saliste de la cohorte.

## Estados, roles, modalidades

cohort-state-draft = Borrador
cohort-state-published = Inscripción abierta
cohort-state-running = En curso
cohort-state-finished = Terminada
cohort-state-archived = Archivada
cohort-to-draft = Volver a borrador
cohort-to-published = Publicar
cohort-to-running = Iniciar la cohorte
cohort-to-finished = Terminar la cohorte
cohort-to-archived = Archivar
cohort-role-lead = Formador principal
cohort-role-trainer = Coformador
cohort-role-helper = Ayudante
cohort-role-learner = Participante
cohort-member-enrolled = Inscrito
cohort-member-applied = Solicitó
cohort-member-waitlisted = Lista de espera
cohort-member-declined = Rechazado
cohort-member-withdrawn = Salió
cohort-enrolment-open = Abierta a todo el mundo
cohort-enrolment-code = Con código de inscripción
cohort-enrolment-application = Por solicitud
cohort-visibility-listed = Aparece en la página de cohortes
cohort-visibility-unlisted = Solo con el enlace
cohort-yes = Sí
cohort-no = No

## Crear y administrar

cohort-create = Crear la cohorte
cohort-manage-title = Administrar: { $cohort }
cohort-created = Creamos la cohorte como borrador. Agrega sus sesiones y luego publícala.
cohort-saved = Guardamos los cambios.
cohort-state = Estado
cohort-state-changed = El estado de la cohorte cambió.
cohort-enrolment = Inscripción
cohort-code-rotate = Generar un código nuevo (el anterior deja de funcionar)
cohort-code-rotated = Generamos un código de inscripción nuevo.
cohort-core-hours-used = Horas-núcleo de notebooks usadas: { $used } (presupuesto: { $budget })
cohort-settings = Configuración
cohort-title = Título
cohort-slug = Dirección
cohort-slug-hint = Letras minúsculas, cifras y guiones; si la dejas vacía, se arma a partir del título.
cohort-course = Curso
cohort-locale = Idioma en que se enseña
cohort-description = Descripción
cohort-description-hint = Markdown: qué se aprende, para quién es, qué hay que traer.
cohort-capacity = Plazas
cohort-visibility = Visibilidad
cohort-zone = Zona horaria
cohort-budget = Presupuesto de horas-núcleo de notebooks
cohort-budget-hint = Para los perfiles adicionales de abajo; déjalo vacío si no hay.
cohort-cert-rule = Certificado de finalización
cohort-cert-attendance = Asistencia mínima (%)
cohort-cert-survey = Haber respondido la encuesta final
cohort-cert-episodes = Haber completado todos los episodios del curso
cohort-profiles = Perfiles de notebook adicionales
cohort-profiles-hint = Perfiles que las personas de esta cohorte pueden usar además de los habituales, separados por espacios, mientras dure el presupuesto.
cohort-profiles-names = Nombres de los perfiles
cohort-profiles-known = Perfiles de este sitio: { $names }
cohort-save = Guardar
cohort-team = Equipo
cohort-team-add = Agregar al equipo
cohort-team-added = Agregado al equipo.
cohort-team-remove = Quitar
cohort-session-add = Agregar una sesión
cohort-session-edit = Editar la sesión
cohort-session-saved = Sesión guardada.
cohort-session-cancel = Cancelar esta sesión
cohort-session-cancelled-notice = Sesión cancelada: los calendarios la mostrarán como cancelada.
cohort-session-title = Título (opcional)
cohort-session-date = Fecha
cohort-session-time = Hora de inicio
cohort-session-minutes = Duración (minutos)
cohort-session-place = Lugar
cohort-session-link = Enlace de la reunión
cohort-session-episodes = Episodios que se ven
cohort-feed-name = Mis sesiones de Puente

## Participantes y asistencia

cohort-roster-title = Participantes: { $cohort }
cohort-roster-csv = Descargar la lista de participantes (CSV)
cohort-roster-name = Nombre
cohort-roster-email = Correo
cohort-roster-role = Rol
cohort-roster-state = Estado
cohort-roster-attendance = Asistencia
cohort-roster-episodes = Episodios completados
cohort-roster-survey = Encuesta final
cohort-roster-certificate = Certificado
cohort-roster-core-hours = Horas-núcleo
cohort-sessions-held = Sesiones realizadas hasta ahora: { $held }
cohort-applications = Solicitudes y lista de espera
cohort-accept = Aceptar
cohort-waitlist = Lista de espera
cohort-decline = Rechazar
cohort-decided = Guardamos la decisión; la persona recibirá un correo.
cohort-attendance = Asistencia
cohort-attendance-present = Presente
cohort-attendance-late = Tarde
cohort-attendance-excused = Justificada
cohort-attendance-absent = Ausente
cohort-attendance-save = Guardar la asistencia
cohort-attendance-saved = Asistencia guardada.
cohort-no-learners = Todavía no hay nadie inscrito.

## Calendario suscribible

cohort-feed-title = Tu calendario
cohort-feed-intro = Una dirección privada con todas las sesiones de tus cohortes, para cualquier aplicación de calendario. Quien tenga la dirección ve tus sesiones: no la compartas.
cohort-feed-create = Crear la dirección de mi calendario
cohort-feed-rotate = Crear una dirección nueva (la anterior deja de funcionar)
cohort-feed-revoke = Desactivar la dirección
cohort-feed-created = Esta es la dirección de tu calendario. Agrégala a tu aplicación de calendario como suscripción.
cohort-feed-once = Solo se muestra ahora; siempre puedes crear una nueva.
cohort-feed-revoked = Desactivamos la dirección del calendario.

## Problemas

cohort-title-invalid = Ponle un título de hasta 120 caracteres.
cohort-slug-invalid = Usa de 3 a 60 letras minúsculas, cifras y guiones, sin dos guiones seguidos.
cohort-slug-taken = Otra cohorte ya tiene esta dirección.
cohort-course-invalid = Elige uno de los cursos.
cohort-locale-invalid = Elige un idioma.
cohort-description-invalid = La descripción es demasiado larga (5000 caracteres como máximo).
cohort-institution-invalid = El nombre de la institución es demasiado largo.
cohort-capacity-invalid = Las plazas deben ser un número entero de 1 a 5000.
cohort-capacity-below = Ya hay más participantes inscritos que eso.
cohort-visibility-invalid = Elige una visibilidad.
cohort-enrolment-invalid = Elige cómo se inscribe la gente.
cohort-zone-invalid = Elige una zona horaria de la lista.
cohort-budget-invalid = El presupuesto debe ser un número entero de horas-núcleo.
cohort-cert-attendance-invalid = La asistencia debe ser un porcentaje de 0 a 100.
cohort-date-invalid = Escribe la fecha como año-mes-día.
cohort-time-invalid = Esa hora no existe en esta zona horaria ese día (por un cambio de horario) o no es una hora válida.
cohort-duration-invalid = La duración debe estar entre 15 y 600 minutos.
cohort-place-invalid = El lugar es demasiado largo.
cohort-link-invalid = Escribe una dirección web completa que empiece con https://.
cohort-state-invalid = La cohorte no puede pasar a ese estado desde el actual.
cohort-code-wrong = No es el código actual de esta cohorte. Pídeselo a tu formador.
cohort-motivation-missing = Cuéntales en pocas palabras a las personas formadoras por qué quieres sumarte.
cohort-motivation-invalid = El texto es demasiado largo (1000 caracteres como máximo).
cohort-already-in = Ya estás en esta cohorte (o esperando una respuesta).
cohort-declined-before = Tu solicitud para esta cohorte fue rechazada; si crees que fue un error, consulta a sus formadores.
cohort-not-in = No estás en esta cohorte.
cohort-team-cannot-withdraw = Formadores y ayudantes salen del equipo a través del formador principal.
cohort-not-a-member = Esa persona no está en esta cohorte.
cohort-nothing-to-decide = No hay nada que decidir sobre esa persona.
cohort-decision-invalid = Elige aceptar, lista de espera o rechazar.
cohort-role-invalid = Elige coformador o ayudante.
cohort-no-such-account = No hay ninguna cuenta confirmada con ese correo.
cohort-not-on-team = Esa persona no está en el equipo.
cohort-session-cancelled-change = Una sesión cancelada no se puede modificar.
cohort-attendance-invalid = Elige presente, tarde, justificada o ausente.
cohort-attendance-not-member = Solo se puede registrar la asistencia de personas inscritas en esta cohorte.

## Encuestas

survey-pre-title = Encuesta antes de la cohorte
survey-post-title = Encuesta después de la cohorte
survey-anonymous = Tus respuestas son anónimas: las personas formadoras solo ven totales, nunca quién respondió qué.
survey-nps = ¿Qué tan probable es que recomiendes este curso a un colega?
survey-nps-low = nada probable
survey-nps-high = extremadamente probable
survey-likert-1 = El curso fue pertinente para mi trabajo.
survey-likert-2 = Las personas formadoras explicaron con claridad.
survey-likert-3 = Me siento capaz de usar el clúster en mi investigación.
survey-agree-low = totalmente en desacuerdo
survey-agree-high = totalmente de acuerdo
survey-comment = ¿Algo más que quieras contarnos? (opcional)
survey-submit = Enviar mis respuestas
survey-choose = Elige una de las opciones.
survey-comment-invalid = El texto es demasiado largo (2000 caracteres como máximo).
survey-problems = Algunas preguntas necesitan respuesta; están marcadas abajo.
survey-already-answered = Ya respondiste esta encuesta. ¡Gracias!
survey-results-title = Resultados de la encuesta
survey-results-intro = Solo totales: las respuestas son anónimas. El índice de recomendación y los comentarios aparecen cuando respondieron suficientes personas.
survey-rate = { $responses } respuestas de { $learners } participantes ({ $rate } %)
survey-nps-value = Net Promoter Score: { $nps }
survey-nps-hidden = El Net Promoter Score aparece cuando respondieron al menos { $min } personas.
survey-nps-short = NPS
survey-likert-caption = Afirmaciones (1 = totalmente en desacuerdo, 5 = totalmente de acuerdo)
survey-statement = Afirmación
survey-answers = Respuestas
survey-average = Promedio
survey-distribution = Respuestas por valor
survey-comments = Comentarios
survey-comments-hidden = { $count } comentarios; se muestran cuando respondieron al menos { $min } personas.
survey-no-comments = Todavía no hay comentarios.
survey-questions = Tus propias preguntas
survey-which = Encuesta
survey-kind = Tipo de respuesta
survey-kind-likert = De acuerdo o en desacuerdo (1–5)
survey-kind-text = Texto libre
survey-kind-invalid = Elige la encuesta y el tipo de respuesta.
survey-prompt = Pregunta
survey-prompt-invalid = Escribe la pregunta (hasta 300 caracteres).
survey-add-question = Agregar la pregunta
survey-question-added = Agregamos la pregunta.
admin-surveys-title = Encuestas
admin-surveys-intro = Net Promoter Score de las encuestas finales de todas las cohortes; cada grupo muestra su valor cuando tiene al menos { $min } respuestas.
admin-surveys-by-course = Por curso
admin-surveys-by-institution = Por institución

## Certificados

certificates-title = Certificados
certificates-rule = Regla: asistencia de al menos { $attendance } %; encuesta final respondida: { $survey }; todos los episodios completados: { $episodes }.
certificates-issue-all = Emitir a todas las personas que cumplen la regla ({ $count })
certificates-issue-one = Emitir
certificates-issued = Emitimos { $count } certificados; sus titulares recibirán un correo.
certificates-revoked = Certificado revocado.
certificates-rule-met = Cumple la regla
certificates-actions = Acciones
certificates-reason = Motivo de la revocación
certificates-revoke = Revocar
certificate-state-valid = Válido
certificate-state-revoked = Revocado
certificate-yours = Tu certificado
certificate-heading = Certificado de finalización
certificate-trainer-heading = Formador certificado
certificate-trainer-title = Formador certificado de Puente
certificate-line = completó el curso
certificate-trainer-line = completó la acreditación de Formación de formadores de Puente y cuenta con la certificación para enseñar
certificate-dates = del { $from } al { $to }
certificate-hours = { $hours } horas
certificate-issuer = Emitido por { $name }
certificate-verify-at = Verifica este certificado en:
certificate-valid = Este certificado es válido.
certificate-revoked = Este certificado fue revocado el { $when }.
certificate-revoked-reason = Motivo: { $reason }
certificate-holder = Titular
certificate-title = Cohorte
certificate-dates-label = Fechas
certificate-hours-label = Horas
certificate-issuer-label = Emitido por
certificate-issued-label = Emitido el
certificate-code = Código
certificate-qr = Código QR con la dirección de este certificado
certificate-pdf = Descargar el PDF
certificate-json = Datos firmados (JSON)
certificate-signature = Los datos están firmados con Ed25519 sobre JSON canónico según RFC 8785 (clave { $kid }); las claves públicas están en { $keys }.
certificate-not-a-learner = Solo las personas inscritas como participantes en esta cohorte reciben su certificado.
certificate-attendance-short = La asistencia no alcanza lo que pide la regla.
certificate-survey-missing = La encuesta final no está respondida.
certificate-episodes-missing = No todos los episodios están completados.
certificate-exists = Esta persona ya tiene un certificado de esta cohorte.
certificate-already-revoked = Este certificado ya está revocado.
certificate-reason-missing = Escribe el motivo de la revocación (hasta 300 caracteres).

## Acreditación de Formación de formadores

checkout-title = Acreditación de formadores
checkout-none = La acreditación empieza cuando terminas una cohorte de Formación de formadores.
checkout-deadline = Completa todos los pasos antes del { $when }.
checkout-deadline-label = Fecha límite
checkout-expired = La fecha límite ya pasó. Pide una prórroga a la administración.
checkout-complete-notice = Acreditación completa: eres formador certificado.
checkout-step-training = Formación
checkout-step-training-help = Terminar una cohorte de Formación de formadores.
checkout-step-welcome = Sesión de bienvenida
checkout-step-welcome-help = Asiste a una sesión de bienvenida de la comunidad; un formador la registra.
checkout-step-demo = Demostración de enseñanza
checkout-step-demo-help = Enseña 5 minutos de un episodio en una sesión de demostración; un formador certificado la evalúa.
checkout-step-involvement = Participación
checkout-step-involvement-help = Sé ayudante o coformador en una cohorte de Puente (se cuenta sola), o envía evidencia de otra actividad.
checkout-result-n = Sin evaluar todavía
checkout-result-p = Aprobado
checkout-result-a = Se pidió repetir
checkout-result-f = No aprobado
checkout-demo-book = Reserva tu demostración de enseñanza
checkout-demo-waiting = Tu demostración está reservada; un formador certificado la evalúa después de la sesión.
checkout-no-slots = Todavía no hay sesiones de demostración para reservar; los formadores las agregan con frecuencia.
checkout-slot-host = a cargo de { $name }
checkout-slot-free = { $free } plazas libres
checkout-book = Reservar
checkout-booked = Demostración reservada.
checkout-involvement-title = Otra forma de participar
checkout-involvement-intro = ¿Ayudaste en un taller o contribuiste a una lección? Cuéntaselo a los formadores, con un enlace si lo hay.
checkout-involvement-url = Enlace (opcional)
checkout-involvement-note = ¿Qué hiciste?
checkout-involvement-send = Enviar
checkout-involvement-sent = Enviado; un formador lo confirmará.
checkout-history = Lo que hiciste hasta ahora
checkout-queue-title = Acreditación: demostraciones y aspirantes
checkout-queue-demos = Demostraciones por evaluar
checkout-queue-involvements = Participaciones por confirmar
checkout-queue-trainees = Aspirantes
checkout-queue-empty = No hay nada pendiente.
checkout-rubric-hint = Marca cada punto en el que la persona aspirante puede mejorar. Con { $marks } marcas o más lo habitual es pedir que repita; una sola marca grave puede bastar. Tú decides.
checkout-notes = Notas para la persona aspirante
checkout-pass = Aprobada
checkout-repeat = Pedir que repita
checkout-confirm = Confirmar
checkout-own-demo = Es tu propia demostración: la evalúa otro formador.
checkout-welcome-record = Asistió a una sesión de bienvenida
checkout-extend = Extender 90 días
checkout-done = Hecho
checkout-slots = Sesiones de demostración
checkout-slot-add = Agregar una sesión de demostración
checkout-evaluated = Guardamos la evaluación; la persona aspirante recibirá un correo.
checkout-welcomed = Registramos la sesión de bienvenida.
checkout-slot-added = Agregamos la sesión de demostración.
checkout-extended = Extendimos la fecha límite.
checkout-not-a-trainee = Esa persona no es aspirante.
checkout-complete = Esta acreditación ya está completa.
checkout-demo-passed = Tu demostración ya está aprobada.
checkout-demo-booked = Ya tienes una demostración reservada.
checkout-slot-invalid = Esa sesión de demostración no está abierta a reservas.
checkout-slot-full = Esa sesión de demostración está completa; elige otra.
checkout-slot-past = Esa sesión ya habría terminado.
checkout-demo-evaluated = Esta demostración ya fue evaluada.
checkout-demo-not-yet = La demostración todavía no se realizó.
checkout-result-invalid = Elige aprobada o pedir que repita.
checkout-rubric-invalid = Punto de la rúbrica desconocido.
checkout-notes-invalid = El texto es demasiado largo.
checkout-note-missing = Cuenta en pocas palabras lo que hiciste.
checkout-involvement-passed = Este paso ya está aprobado.
checkout-involvement-evaluated = Esto ya fue confirmado.
checkout-extension-limit = La fecha límite no puede pasar de un año después de la formación.
rubric-content = Contenido
rubric-delivery = Presentación
rubric-curriculum = Usa la lección, solo con cambios menores
rubric-context = Da contexto: por qué importa
rubric-correct = Enseña correctamente
rubric-typing = Escribe el código a mano (sin pegar)
rubric-environment = Usa la misma configuración que las personas participantes
rubric-fonts = Texto y ventanas de tamaño suficiente
rubric-explains = Explica todo lo que escribe
rubric-mistakes = Usa los errores para enseñar
rubric-notes = Deja sus notas fuera de la pantalla compartida
rubric-notifications = Sin notificaciones en pantalla
rubric-just-easy = Evita «solo» y «fácil»
rubric-pace = Ritmo suficientemente pausado
rubric-clear = Habla con claridad
rubric-attentive = Presta atención a las personas participantes

## Notebooks por cohorte

notebook-budget-spent = Se agotó el presupuesto de notebooks de esta cohorte: este perfil ya no está disponible. Consulta a tus formadores.
admin-notebooks-cohort = Cohorte
admin-notebooks-cohort-caption = Uso por cohorte en este periodo

## Correos

email-cohort-enrolled-subject = Ya estás dentro: { $cohort }
email-cohort-enrolled-body = Hola, { $name }:

    tu inscripción en { $cohort } está confirmada. El calendario y los enlaces de las reuniones están en la página de la cohorte.
email-cohort-enrolled-action = Ver la cohorte
email-cohort-waitlisted-subject = Lista de espera: { $cohort }
email-cohort-waitlisted-body = Hola, { $name }:

    por ahora { $cohort } está completa, así que quedaste en su lista de espera. Te escribiremos en cuanto se libere una plaza.
email-cohort-waitlisted-action = Ver la cohorte
email-cohort-applied-subject = Solicitud recibida: { $cohort }
email-cohort-applied-body = Hola, { $name }:

    recibimos tu solicitud para { $cohort }. Las personas formadoras te responderán por correo.
email-cohort-applied-action = Ver la cohorte
email-cohort-accepted-subject = Aceptada: { $cohort }
email-cohort-accepted-body = Hola, { $name }:

    tu solicitud para { $cohort } fue aceptada. ¡Te damos la bienvenida!
email-cohort-accepted-action = Ver la cohorte
email-cohort-declined-subject = Tu solicitud para { $cohort }
email-cohort-declined-body = Hola, { $name }:

    lo sentimos: esta vez tu solicitud para { $cohort } no fue aceptada. Los cursos siguen abiertos para que los sigas por tu cuenta.
email-cohort-declined-action = Ver los cursos
email-cohort-promoted-subject = Se liberó una plaza: { $cohort }
email-cohort-promoted-body = Hola, { $name }:

    se liberó una plaza en { $cohort } y es tuya: tu inscripción está confirmada.
email-cohort-promoted-action = Ver la cohorte
email-cohort-withdrawn-subject = Saliste de { $cohort }
email-cohort-withdrawn-body = Hola, { $name }:

    ya no estás en { $cohort }. Si fue un error, puedes volver a sumarte mientras siga abierta.
email-cohort-withdrawn-action = Ver la cohorte
email-cohort-team-subject = Estás en el equipo de { $cohort }
email-cohort-team-body = Hola, { $name }:

    te agregaron al equipo de { $cohort }.
email-cohort-team-action = Ver la cohorte
email-cohort-reminder-subject = Mañana: { $cohort }
email-cohort-reminder-body = Hola, { $name }:

    te recordamos que la próxima sesión de { $cohort } es el { $when }. { $place }
email-cohort-reminder-action = Ver el calendario
email-certificate-issued-subject = Tu certificado: { $cohort }
email-certificate-issued-body = Hola, { $name }:

    ¡felicitaciones! Tu certificado de { $cohort } está listo. Cualquier persona puede verificarlo en su dirección.
email-certificate-issued-action = Ver tu certificado
email-checkout-started-subject = Empezó tu acreditación como formador
email-checkout-started-body = Hola, { $name }:

    terminaste la cohorte de Formación de formadores. Te quedan tres pasos para convertirte en formador certificado: una sesión de bienvenida, una demostración de enseñanza y participar en la comunidad. Tienes 90 días.
email-checkout-started-action = Ver tu acreditación
email-checkout-deadline-subject = Te quedan dos semanas para tu acreditación como formador
email-checkout-deadline-body = Hola, { $name }:

    tu acreditación como formador termina el { $when }. Revisa lo que te falta.
email-checkout-deadline-action = Ver tu acreditación
email-demo-evaluated-subject = Tu demostración de enseñanza: { $result }
email-demo-evaluated-body = Hola, { $name }:

    tu demostración de enseñanza fue evaluada: { $result }. Las notas del formador están en tu página de acreditación.
email-demo-evaluated-action = Ver tu acreditación
cohort-forum = El foro de la cohorte: preguntas y novedades para su gente
