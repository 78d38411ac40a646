## Foros: listas, temas, mensajes

forum-title = Foro
forum-intro = Pregunta, responde y aprende con personas que investigan en toda América Latina. Sé amable: aquí rige el código de conducta.
forum-nav = Navegación del foro
forum-categories = Categorías
forum-latest = Temas recientes
forum-older = Temas anteriores
forum-no-topics = Todavía no hay temas. ¡Empieza el primero!
forum-new = nuevo
forum-unread-count = { $count } sin leer
forum-replies = { $count } respuestas
forum-solved = Resuelto
forum-answer = Solución
forum-new-topic = Nuevo tema
forum-new-topic-here = Nuevo tema en esta categoría
forum-notifications = Notificaciones
forum-bookmarks = Marcadores
forum-bookmarks-none = Todavía no guardaste ningún mensaje en tus marcadores.
forum-pages = Páginas de este tema
forum-former-member = Exintegrante
forum-edited = editado
forum-post-deleted = Este mensaje fue eliminado.
forum-post-hidden = Este mensaje está oculto mientras el equipo de moderación lo revisa.
forum-login-to-reply = Entra para responder
forum-cannot-reply = No puedes responder en esta categoría.
forum-category-archived = Este espacio está archivado: puedes leerlo, pero no publicar en él.
forum-reply = Tu respuesta
forum-reply-send = Responder
forum-reply-to = Responder
forum-quote = Citar
forum-edit = Editar
forum-delete = Eliminar
forum-save = Guardar
forum-like = Me gusta ({ $count })
forum-likes = { $count } me gusta
forum-bookmark = Guardar en marcadores
forum-solve = Marcar como solución
forum-unsolve = Quitar la marca de solución
forum-level = Notificarme
forum-level-save = Guardar
forum-level-watching = Siguiendo: cada respuesta
forum-level-tracking = Al tanto: contador de no leídos
forum-level-normal = Normal: menciones y respuestas a mis mensajes
forum-level-muted = Sin notificaciones: nada
forum-level-invalid = Elige uno de los niveles de notificación.
forum-body = Mensaje
forum-body-hint = Markdown: **negrita**, `código`, ```python bloques```, > citas, [enlaces](https://…). Menciona a alguien con @nombre.
forum-category = Categoría
forum-category-choose = Elige una categoría
forum-topic-title = Título
forum-topic-title-hint = Una pregunta o un resumen que otras personas puedan reconocer, de 8 a 200 caracteres.
forum-create = Crear tema
forum-conduct = Leer el código de conducta
forum-history = Versiones anteriores
forum-history-current = Versión actual
forum-history-until = Versión vigente hasta { $when }
forum-episode-intro = Preguntas y comentarios sobre el episodio [{ $episode }]({ $link }). Pregunta lo que quieras: alguien que ya pasó por ahí te va a ayudar.

## Denuncias y moderación

forum-flag = Denunciar
forum-flag-why = ¿Por qué el equipo de moderación debería revisar este mensaje?
forum-flag-off_topic = Fuera de tema
forum-flag-inappropriate = Inapropiado: va contra el código de conducta
forum-flag-spam = Spam
forum-flag-other = Otro motivo (cuéntanos cuál)
forum-flag-note = Una nota para el equipo de moderación (obligatoria para «otro motivo»)
forum-flag-send = Enviar al equipo de moderación
forum-flag-title = Denunciar un mensaje
forum-flag-post-by = Mensaje n.º { $number } de @{ $handle }
forum-flag-post = Mensaje n.º { $number }
forum-flag-thanks = Gracias. El equipo de moderación lo va a revisar.
forum-review-title = Cola de revisión
forum-review-intro = Mensajes denunciados, los más antiguos primero. Los mensajes ocultos siguen ocultos hasta que decidas. Cada decisión queda registrada con su motivo, y se le avisa a quien escribió el mensaje.
forum-review-empty = No hay nada que revisar.
forum-review-decided = Decisión registrada.
forum-review-score = peso de las denuncias { $score }
forum-decision = Decisión
forum-decision-keep = Mantener el mensaje (las denuncias no proceden)
forum-decision-hide = Ocultar el mensaje
forum-decision-delete = Eliminar el mensaje
forum-decision-ignore = Ignorar las denuncias
forum-decision-silence = Ocultar el mensaje y silenciar a quien lo escribió
forum-decision-suspend = Ocultar el mensaje y suspender a quien lo escribió
forum-reason = Motivo
forum-days = Días (silencio o suspensión)
forum-decide = Decidir
forum-log-title = Registro de moderación
forum-log-csv = Descargar como CSV
forum-log-when = Cuándo
forum-log-who = Persona moderadora
forum-log-action = Acción
forum-log-author = Autoría
forum-log-keep = mantuvo
forum-log-hide = ocultó
forum-log-delete = eliminó
forum-log-ignore = ignoró las denuncias
forum-log-silence = silenció
forum-log-suspend = suspendió
forum-log-edit = editó
forum-log-restore = restauró

## Notificaciones

forum-notifications-none = Todavía no tienes notificaciones.
forum-notifications-read = Marcar todas como leídas
forum-notification-reply = { $name } respondió
forum-notification-mention = { $name } te mencionó
forum-notification-solved = { $name } marcó tu mensaje como la solución
forum-notification-hidden = Tu mensaje se ocultó tras denuncias de la comunidad; edítalo para enviarlo otra vez a revisión
forum-notification-decided-keep = Una persona moderadora revisó tu mensaje y lo mantuvo
forum-notification-decided-hide = Una persona moderadora ocultó tu mensaje
forum-notification-decided-delete = Una persona moderadora eliminó tu mensaje
forum-notification-decided-ignore = Una persona moderadora revisó las denuncias sobre tu mensaje
forum-notification-decided-silence = Una persona moderadora ocultó tu mensaje y te silenció por un tiempo
forum-notification-decided-suspend = Una persona moderadora ocultó tu mensaje y te suspendió por un tiempo

## Categorías (administración)

forum-admin-title = Categorías del foro
forum-admin-new = Nueva categoría
forum-admin-edit = Editar categoría
forum-admin-saved = Categoría guardada.
forum-category-slug = Dirección
forum-category-slug-hint = Letras minúsculas, cifras y guiones (sin empezar por «cohort-»).
forum-category-name-es = Nombre en español
forum-category-name-pt = Nombre en portugués
forum-category-name-en = Nombre en inglés
forum-category-description-es = Descripción en español
forum-category-description-pt = Descripción en portugués
forum-category-description-en = Descripción en inglés
forum-category-position = Posición
forum-category-visibility = Quién puede leerla
forum-category-posting = Quién puede publicar
forum-category-kind = Tipo
forum-visibility-public = Todo el mundo
forum-visibility-trainers = Solo personas formadoras
forum-visibility-moderators = Solo el equipo de moderación
forum-visibility-cohort = Solo las personas de la cohorte
forum-posting-everyone = Todas las personas que pueden leerla
forum-posting-staff = Personas formadoras y equipo de moderación (anuncios)
forum-kind-discussion = Discusión
forum-kind-qa = Preguntas y respuestas

## Problemas

forum-title-invalid = El título necesita entre 8 y 200 caracteres.
forum-title-shouting = Por favor, no escribas el título solo en mayúsculas.
forum-post-invalid = Escribe un mensaje (al menos 2 caracteres, sin caracteres de control).
forum-post-too-long = Un mensaje puede tener como máximo 32.000 caracteres. Comparte los registros o archivos largos mediante un enlace.
forum-post-too-deep = Este mensaje anida citas o listas a demasiada profundidad y no se puede mostrar. Simplifícalo.
forum-post-duplicate = Ya publicaste exactamente esto. Edita tu mensaje anterior en lugar de enviarlo otra vez.
forum-limit-links = Las personas nuevas en el foro pueden agregar como máximo 2 enlaces por mensaje. Este límite desaparece a medida que participas.
forum-limit-images = Las personas nuevas en el foro pueden agregar como máximo 1 imagen por mensaje. Este límite desaparece a medida que participas.
forum-limit-mentions = Un mensaje puede mencionar como máximo a 10 personas.
forum-limit-mentions-new = Las personas nuevas en el foro pueden mencionar como máximo a 2 personas por mensaje. Este límite desaparece a medida que participas.
forum-limit-replies-per-topic = Las personas nuevas en el foro pueden responder como máximo 3 veces en un mismo tema. Este límite desaparece a medida que participas.
forum-first-day-topics = En tu primer día puedes crear como máximo 3 temas. ¡Vuelve mañana!
forum-first-day-replies = En tu primer día puedes publicar como máximo 10 respuestas. ¡Vuelve mañana!
forum-too-soon = Estás publicando muy rápido. Espera unos segundos y vuelve a enviarlo.
forum-too-soon-new = Las personas nuevas en el foro esperan 30 segundos entre un mensaje y otro. Vuelve a enviarlo en un momento.
forum-too-soon-topic-new = Las personas nuevas en el foro esperan 2 minutos entre un tema nuevo y otro. Vuelve a enviarlo en un momento.
forum-silenced = Una persona moderadora te silenció por un tiempo: puedes leer, pero no publicar, dar me gusta ni denunciar.
forum-suspended = Una persona moderadora te suspendió por un tiempo: puedes leer, pero no publicar, dar me gusta ni denunciar.
forum-like-own = No puedes darle me gusta a tu propio mensaje.
forum-flag-own = No puedes denunciar tu propio mensaje; puedes editarlo o eliminarlo.
forum-flag-trust = Podrás denunciar cuando hayas leído un poco del foro (nivel de confianza 1).
forum-flag-twice = Ya denunciaste este mensaje.
forum-flag-too-many = Llegaste al límite de 20 denuncias por hoy.
forum-flag-reason-invalid = Elige por qué denuncias este mensaje.
forum-flag-note-required = Cuéntale al equipo de moderación qué está mal.
forum-flag-note-invalid = La nota puede tener como máximo 1.000 caracteres.
forum-solve-not-qa = Solo las preguntas se pueden marcar como resueltas.
forum-solve-invalid = Ese mensaje no puede ser la solución.
forum-reason-required = Escribe el motivo (queda registrado y se le muestra a quien escribió el mensaje).
forum-days-invalid = Elige entre 1 y 365 días.
forum-decision-invalid = Elige una decisión.
forum-review-decided-already = Otra persona moderadora ya tomó una decisión sobre esto.
forum-category-invalid = Elige una categoría en la que puedas publicar.
forum-category-slug-invalid = Usa de 3 a 60 letras minúsculas, cifras y guiones, sin empezar por «cohort-».
forum-category-slug-taken = Otra categoría ya usa esta dirección.
forum-category-name-invalid = Escribe un nombre de hasta 80 caracteres.
forum-category-description-invalid = La descripción puede tener como máximo 500 caracteres.
forum-category-position-invalid = Usa un número del 0 al 1000.
forum-category-visibility-invalid = Elige quién puede leerla.
forum-category-posting-invalid = Elige quién puede publicar.
forum-category-kind-invalid = Elige un tipo.

## Correos

email-forum-review-subject = Hay mensajes denunciados esperando a moderación
email-forum-review-body = Hola, { $name }:

    { $count } mensajes denunciados llevan más de 48 horas esperando una decisión. Los mensajes ocultos siguen ocultos hasta que alguien de moderación decida, y quienes los escribieron también esperan.
email-forum-review-action = Abrir la cola de revisión
email-forum-reply-subject = { $writer } respondió en «{ $topic }»
email-forum-reply-body = Hola, { $name }:

    { $writer } respondió en «{ $topic }», un tema que sigues en el foro de Puente.
email-forum-reply-action = Leer la respuesta
email-forum-mention-subject = { $writer } te mencionó en «{ $topic }»
email-forum-mention-body = Hola, { $name }:

    { $writer } te mencionó en «{ $topic }» en el foro de Puente.
email-forum-mention-action = Leer el mensaje
forum-unsubscribe-title = Correos del foro
forum-unsubscribe-intro = ¿Dejar de recibir correos sobre respuestas y menciones en el foro? Las seguirás viendo en tus notificaciones.
forum-unsubscribe-button = Dejar de recibir correos del foro
forum-unsubscribed = Listo: Puente ya no te escribirá sobre el foro.
forum-unsubscribe-again = Puedes volver a activarlos en tu perfil («Respuestas a mis mensajes en los foros»).

email-digest-daily-subject = Hoy en el foro de Puente
email-digest-daily-body = Hola, { $name }: esto pasó en Puente desde ayer.

    { $digest }
email-digest-daily-action = Abrir el foro
email-digest-weekly-subject = Tu semana en el foro de Puente
email-digest-weekly-body = Hola, { $name }: esto pasó en Puente esta semana.

    { $digest }
email-digest-weekly-action = Abrir el foro
email-digest-topics = Temas más activos:
email-digest-topic = { $topic } (mensajes nuevos: { $count })
email-digest-replies = Respuestas que gustaron:
email-digest-reply = { $writer } en «{ $topic }» (me gusta: { $likes })
email-digest-session = Tu próxima sesión de cohorte: { $session }, { $when }.
email-digest-votes = Votaciones que esperan tu voto:
email-digest-vote = { $poll } (cierra el { $closes })
forum-digest-unsubscribe-title = Resumen del foro
forum-digest-unsubscribe-intro = ¿Dejar de recibir el resumen del foro por correo? El foro y tus notificaciones siguen igual.
forum-digest-unsubscribe-button = Dejar el resumen
forum-digest-unsubscribed = Listo: Puente no te enviará más el resumen.
forum-digest-unsubscribe-again = Puedes volver a elegir un resumen diario o semanal en tu perfil.
