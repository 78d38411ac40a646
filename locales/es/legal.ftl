# Código de conducta y aviso de privacidad de Puente.
# { $contact } es la dirección de contacto que publica el centro de HPC que opera esta instancia.

## Código de conducta

conduct-title = Código de conducta
conduct-version = Versión 1.0, vigente desde el 25 de noviembre de 2026
conduct-intro = Puente existe para que cualquier persona que investiga pueda dar el salto del escritorio al clúster sin sentirse sola ni fuera de lugar. Aquí se aprende en público: se hacen preguntas básicas, se cometen errores en la terminal y se comparte código a medio terminar. Este código describe cómo nos tratamos para que ese aprendizaje sea seguro para todas las personas, sin importar su disciplina, su país, su idioma o cuánto sepan de computación.

conduct-scope-heading = Dónde se aplica
conduct-scope-body = Este código rige en todos los espacios de Puente: los foros, las cohortes, las sesiones en vivo, los notebooks que se comparten con otras personas y las discusiones y votaciones de gobernanza. También vale para las cohortes de formación de formadores y para cualquier actividad organizada en nombre de Puente fuera de la plataforma. Lo cumplen por igual participantes, personas formadoras, moderadoras y el personal del centro de HPC.

conduct-expected-heading = Lo que esperamos de cada integrante
conduct-expected-1 = Tratar a las demás personas con respeto y amabilidad, también cuando no se está de acuerdo.
conduct-expected-2 = Recordar que nadie nace sabiendo usar un clúster y responder las preguntas básicas con paciencia, sin burlas.
conduct-expected-3 = Escribir con claridad y, cuando sea posible, en un idioma que entienda quien pregunta; el español, el portugués y el inglés son igual de bienvenidos.
conduct-expected-4 = Criticar ideas y código, nunca a las personas, y acompañar cada crítica con una sugerencia concreta.
conduct-expected-5 = Reconocer el trabajo ajeno: citar la fuente del código, los datos y los materiales, y dar crédito a quien ayudó.
conduct-expected-6 = Cuidar los recursos compartidos del clúster y los datos de otras personas: usar solo lo necesario y respetar la confidencialidad.

conduct-unacceptable-heading = Lo que no aceptamos
conduct-unacceptable-1 = Comentarios, chistes o imágenes que degraden a alguien por su género, identidad u orientación sexual, origen étnico, nacionalidad, acento, religión, edad, discapacidad, aspecto físico o situación económica.
conduct-unacceptable-2 = El acoso de cualquier tipo, incluida la atención sexual no deseada y la insistencia con alguien que pidió que no se le escriba más.
conduct-unacceptable-3 = Insultos, amenazas, intimidación o ataques personales, en público o por mensaje privado.
conduct-unacceptable-4 = Menospreciar a alguien por su nivel de experiencia, su institución o su idioma, con frases como «eso lo sabe cualquiera».
conduct-unacceptable-5 = Difundir información privada de otra persona, como sus datos de contacto, su investigación inédita o capturas de conversaciones privadas, sin su permiso.
conduct-unacceptable-6 = Usar los notebooks o los recursos del clúster para perjudicar a otras personas: entrar en datos ajenos, sabotear trabajos o eludir las cuotas de uso.
conduct-unacceptable-7 = Presionar, comprar o manipular votos en la gobernanza, o crear cuentas falsas para influir en una decisión.

conduct-reporting-heading = Cómo reportar un problema
conduct-reporting-body = Si viviste o presenciaste algo que va contra este código, escribe al equipo de moderación a { $contact }. Cuenta qué pasó, dónde y cuándo, y agrega enlaces o capturas si las tienes; el reporte no necesita ser perfecto. Cada reporte es confidencial: solo lo leen las personas moderadoras que lo atienden, y tu identidad nunca se comparte con la persona reportada sin tu permiso. Nadie sufrirá represalias por reportar de buena fe, y cualquier represalia se trata como una falta grave. Si una persona moderadora está involucrada en el caso, queda fuera de su tratamiento.

conduct-enforcement-heading = Qué pasa después
conduct-enforcement-body = El equipo de moderación revisa cada reporte, escucha a las personas involucradas y le responde a quien reportó lo antes posible. Según la gravedad de la falta y si se repite, la respuesta puede ser una advertencia, la suspensión temporal de la cuenta o de la participación en una cohorte, o la expulsión definitiva de la comunidad. Si hay un riesgo inmediato para alguien, podemos actuar primero, por ejemplo ocultando una publicación, y explicar después. Toda persona sancionada recibe una explicación de la decisión y puede pedir que la revise otra persona del equipo de moderación.

conduct-changes-heading = Cambios a este código
conduct-changes-body = La comunidad puede proponer cambios a este código a través del proceso de gobernanza de Puente. Cada versión nueva tiene número y fecha de entrada en vigor, y se le muestra a cada integrante, que debe aceptarla la próxima vez que inicie sesión para seguir participando.

## Aviso de privacidad

privacy-title = Aviso de privacidad
privacy-updated = Última actualización: 25 de noviembre de 2026
privacy-intro = Este aviso explica, en palabras simples, qué datos personales guarda Puente, para qué los usa y qué puedes hacer con ellos. Puente funciona en servidores propios del centro de HPC que lo opera: tus datos no se venden, no se usan para publicidad y no se comparten con empresas de analítica. Si algo no queda claro, escríbenos y te lo explicamos.

privacy-controller-heading = Quién es responsable de tus datos
privacy-controller-body = El responsable del tratamiento es el centro de HPC que opera esta instancia de Puente, una institución universitaria o pública que la ejecuta en su propio hardware. El operador publica sus datos de contacto, y para cualquier consulta sobre privacidad puedes escribir a { $contact }. Cada instancia de Puente tiene su propio responsable, así que este aviso se refiere solo a la instancia que estás usando.

privacy-data-heading = Qué datos guardamos
privacy-data-1 = Datos de la cuenta: nombre visible, correo electrónico, país, institución, idioma preferido y un hash de tu contraseña; la contraseña en sí nunca se guarda.
privacy-data-2 = Aprendizaje y cohortes: qué lecciones y episodios completaste, y en qué cohortes participas o participaste, como estudiante o como persona formadora.
privacy-data-3 = Publicaciones en los foros: lo que escribes, con su fecha y tu nombre visible, que otras personas integrantes pueden leer.
privacy-data-4 = Votos de gobernanza: registramos tus votos para contarlos, evitar que alguien vote dos veces y permitir que los resultados se verifiquen.
privacy-data-5 = Uso de notebooks: cuándo inicias y detienes cada notebook y cuánta CPU y memoria solicitas, para llevar la cuenta de las cuotas del clúster.
privacy-data-6 = Registros de seguridad: las direcciones IP que quedan en los registros de inicio de sesión y de límite de solicitudes, que sirven para detectar abusos y se borran a los 30 días.

privacy-purpose-heading = Para qué los usamos
privacy-purpose-body = Usamos estos datos solo para que Puente funcione: mantener tu cuenta, mostrar tu progreso, organizar las cohortes, publicar tus mensajes, contar los votos de la comunidad y repartir de forma justa los recursos del clúster. Los registros de seguridad sirven para proteger las cuentas frente a accesos indebidos y abusos. El centro puede elaborar estadísticas agregadas que no identifican a nadie, por ejemplo cuántas personas terminaron un curso, para informar sobre el uso de su infraestructura. No hay publicidad, ni perfiles comerciales, ni venta de datos.

privacy-legal-heading = Base legal
privacy-legal-body = Tratamos tus datos conforme a la Ley 25.326 de Protección de los Datos Personales de Argentina, cuya autoridad de aplicación es la Agencia de Acceso a la Información Pública, a la Ley General de Protección de Datos Personales de Brasil (LGPD, Lei nº 13.709/2018), supervisada por la Autoridad Nacional de Protección de Datos (ANPD), y a las demás normas que rijan en el país del centro que opera esta instancia. La base principal es tu consentimiento, que das al crear la cuenta, junto con la necesidad de tratar estos datos para prestarte el servicio que pediste. En el marco de la LGPD, los registros de seguridad se apoyan además en el interés legítimo de proteger la plataforma y a quienes la usan.

privacy-rights-heading = Tus derechos
privacy-rights-1 = Acceso y descarga: puedes saber qué datos tenemos sobre ti y descargarlos cuando quieras, en formato JSON, desde tu página de perfil.
privacy-rights-2 = Rectificación: puedes corregir o actualizar tus datos desde el perfil, o pedirnos que lo hagamos si hay algo que no puedes cambiar por tu cuenta.
privacy-rights-3 = Supresión: puedes eliminar tu cuenta; tus datos personales se borran o se anonimizan, y tus mensajes del foro se conservan para no cortar las conversaciones, pero firmados como «exintegrante».
privacy-rights-4 = Retiro del consentimiento: puedes retirarlo en cualquier momento; como sin esos datos no podemos mantener tu cuenta, el retiro se hace efectivo eliminándola, y no afecta lo que se hizo antes.
privacy-rights-5 = Reclamo ante la autoridad: si crees que no respetamos tus derechos, puedes reclamar ante la Agencia de Acceso a la Información Pública en Argentina, la ANPD en Brasil o la autoridad de protección de datos de tu país. Si quieres, escríbenos antes y tratamos de resolverlo juntos.

privacy-retention-heading = Cuánto tiempo los guardamos
privacy-retention-body = Los datos de tu cuenta, tu progreso y tu participación en cohortes se conservan mientras la cuenta esté activa. Los registros de seguridad con direcciones IP se borran automáticamente a los 30 días. Cuando eliminas tu cuenta, borramos o anonimizamos tus datos personales; tus registros de uso de notebooks quedan solo como estadísticas que no te identifican, tus votos ya emitidos siguen contando sin vínculo con tu nombre y tus mensajes del foro aparecen firmados como «exintegrante». Las copias de seguridad técnicas se renuevan de forma periódica, y los datos borrados desaparecen de ellas al completarse ese ciclo.

privacy-cookies-heading = Cookies
privacy-cookies-body = Puente usa una sola cookie: la de sesión, estrictamente necesaria para recordar que iniciaste sesión y proteger tu cuenta. Deja de valer cuando cierras sesión o cuando la sesión vence. No usamos cookies de analítica ni de publicidad, ni rastreadores de terceros, y por eso no te pedimos que aceptes cookies.

privacy-notebooks-heading = Notebooks en el clúster
privacy-notebooks-body = Cuando abres un notebook desde una lección, se ejecuta en el clúster de tu institución, y los archivos y datos que usas o generas quedan en el almacenamiento del clúster, sujetos a las normas de uso del centro de HPC. Puente solo registra cuándo se inicia y se detiene cada notebook y qué recursos se pidieron, para la contabilidad de cuotas; no lee el contenido de tus notebooks. El personal técnico del centro accede a esos archivos solo cuando es necesario para operar o proteger el sistema. Si compartes un notebook, quienes tengan acceso verán su contenido, así que revisa que no incluya datos sensibles, como datos de salud o de personas identificables, sin la autorización correspondiente.

privacy-contact-heading = Contacto
privacy-contact-body = Para ejercer tus derechos, hacer una pregunta o avisarnos de un problema con tus datos, escribe a { $contact }. Te responderemos dentro de los plazos que fija la ley aplicable y, siempre que podamos, antes. Si cambiamos este aviso de manera importante, lo anunciaremos en la plataforma y actualizaremos la fecha de arriba.
