error-not-found = No encontramos lo que buscas.
error-unauthenticated = Necesitas iniciar sesión para hacer esto.
error-forbidden = No tienes permiso para hacer esto.
error-bad-request = La solicitud no es válida. Revisa los datos e inténtalo de nuevo.
error-rate-limited = Demasiados intentos. Espera { $seconds } segundos e inténtalo de nuevo.
error-internal = Algo salió mal de nuestro lado. Ya quedó registrado; inténtalo de nuevo en unos minutos.
error-payload-too-large = Lo que enviaste es demasiado grande.
error-cross-site = Rechazamos esta solicitud porque no vino de una página de Puente. Si la enviaste tú, vuelve a la página y envíala de nuevo.
