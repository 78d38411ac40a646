## Notebooks: lanzamiento, progreso, rechazos del proxy y la página de administración.

notebook-launch = Abrir notebook
notebook-login-to-launch = Inicia sesión para abrir este notebook
notebook-stop = Detener servidor
notebook-open = Abrir JupyterLab
notebook-retry = Intentar de nuevo
notebook-mine-title = Mis notebooks
notebook-mine-none = No tienes ningún servidor de notebooks en marcha. Abre uno desde cualquier episodio práctico.
notebook-progress-title = Iniciando tu notebook
notebook-stages = Pasos del lanzamiento
notebook-age-minutes = { $minutes ->
    [one] iniciado hace 1 minuto
   *[other] iniciado hace { $minutes } minutos
}
notebook-age-hours = { $hours ->
    [one] iniciado hace 1 hora
   *[other] iniciado hace { $hours } horas
}

notebook-stage-queued = En cola
notebook-stage-creating = Preparando tu espacio de trabajo
notebook-stage-pulling = Descargando la imagen de software
notebook-stage-starting = Iniciando Jupyter
notebook-stage-ready = Listo
notebook-stage-stopping = Deteniendo
notebook-stage-stopped = Detenido
notebook-stage-failed = No se pudo iniciar

notebook-error-timeout = Tu notebook no se inició a tiempo. Puede que el clúster esté ocupado: inténtalo de nuevo en unos minutos.
notebook-error-unavailable = Ahora no se puede contactar con el clúster. No se perdió nada: inténtalo de nuevo en unos minutos.
notebook-error-failed = Tu notebook no pudo iniciarse. Inténtalo de nuevo; si sigue fallando, avisa a quienes administran este sitio.
notebook-none = Este episodio no tiene notebook.
notebook-profile-unknown = Este episodio pide un tipo de notebook que este sitio no ofrece.
notebook-limit = Ya tienes en marcha todos los servidores de notebooks que puedes. Detén uno para iniciar otro.
notebook-stopping = Tu servidor de notebooks se está deteniendo. Espera un momento y vuelve a abrirlo.
notebook-stopped = El servidor de notebooks se detuvo. Tus archivos se conservan.
notebook-not-ready = Tu notebook todavía no está listo.
notebook-token-in-url = Los enlaces a notebooks nunca llevan tokens. Abre el notebook desde Puente.
notebook-foreign-origin = Esta petición no vino de la propia página de tu notebook, así que fue rechazada.
notebook-unauthorized = Tu sesión en el notebook terminó. Vuelve a abrir el notebook desde Puente.
notebook-unreachable = Tu servidor de notebooks no responde. Puede que se haya detenido: vuelve a abrirlo desde Puente.
notebook-ticket-invalid = Este enlace a tu notebook caducó o ya se usó. Vuelve a abrir el notebook desde Puente.
notebook-usage-bad-period = Elige un periodo cuyo inicio sea anterior o igual a su fin (fechas como AAAA-MM-DD).

admin-notebooks-title = Servidores de notebooks
admin-notebooks-running = Servidores en marcha
admin-notebooks-person = Persona
admin-notebooks-institution = Institución
admin-notebooks-profile = Perfil
admin-notebooks-state = Estado
admin-notebooks-age = Antigüedad
admin-notebooks-last-activity = Última actividad
admin-notebooks-usage = Uso
admin-notebooks-usage-caption = Recursos solicitados por institución en el periodo elegido
admin-notebooks-people = Personas
admin-notebooks-servers = Servidores
admin-notebooks-core-hours = Horas-núcleo
admin-notebooks-gib-hours = Memoria (GiB-hora)
admin-notebooks-no-institution = (sin institución)
admin-notebooks-from = Desde
admin-notebooks-to = Hasta
admin-notebooks-show = Mostrar
admin-notebooks-csv-institutions = Descargar CSV por institución
admin-notebooks-csv-people = Descargar CSV por persona
notebook-new-tab = (se abre en una pestaña nueva; la lección sigue en esta)
notebook-back-to-lesson = Volver a la lección
notebook-follow = Ver cómo va
notebook-ready-title = Tu notebook está listo
notebook-failed-title = Tu notebook no pudo iniciar
notebook-stopped-title = Tu notebook está detenido
notebook-detail-workspace = preparamos tu carpeta de trabajo
notebook-detail-files = copiamos los archivos del episodio a tu carpeta
notebook-detail-scheduled = el clúster eligió una máquina para tu notebook
notebook-detail-waiting-for-room = el clúster está ocupado; tu notebook espera su turno
notebook-detail-volume = conectamos tu espacio de almacenamiento
notebook-detail-pulling = descargamos el software del notebook (la primera vez tarda más)
notebook-detail-pulled = el software del notebook ya está listo
notebook-detail-container-started = tu notebook arrancó y está iniciando Jupyter
notebook-detail-jupyter = Jupyter está arrancando
notebook-detail-retrying = hubo un problema pasajero; lo intentamos de nuevo
