account-email-invalid = That email address does not look valid. Check that it looks like name@institution.edu.
account-name-empty = Write the name you want to appear under.
account-name-too-long = The name can be at most 80 characters long.
account-name-invalid = The name contains characters that cannot be displayed.
account-password-too-short = The password needs at least 8 characters. A phrase of several words is easy to remember and hard to guess.
account-password-too-long = The password can be at most 128 characters long.
account-password-common = That password is among the most used in the world and is guessed in seconds. Choose another one.
