account-email-invalid = Esse endereço de e-mail não parece válido. Confira se tem a forma nome@instituicao.edu.
account-name-empty = Escreva o nome com que você quer aparecer.
account-name-too-long = O nome pode ter no máximo 80 caracteres.
account-name-invalid = O nome contém caracteres que não podem ser exibidos.
account-password-too-short = A senha precisa de pelo menos 8 caracteres. Uma frase com várias palavras é fácil de lembrar e difícil de adivinhar.
account-password-too-long = A senha pode ter no máximo 128 caracteres.
account-password-common = Essa senha está entre as mais usadas do mundo e é adivinhada em segundos. Escolha outra.
