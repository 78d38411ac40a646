account-email-invalid = Esa dirección de correo no parece válida. Revisa que tenga la forma nombre@institucion.edu.
account-name-empty = Escribe el nombre con el que quieres aparecer.
account-name-too-long = El nombre puede tener como máximo 80 caracteres.
account-name-invalid = El nombre contiene caracteres que no se pueden mostrar.
account-password-too-short = La contraseña necesita al menos 8 caracteres. Una frase de varias palabras es fácil de recordar y difícil de adivinar.
account-password-too-long = La contraseña puede tener como máximo 128 caracteres.
account-password-common = Esa contraseña está entre las más usadas del mundo y se adivina en segundos. Elige otra.
