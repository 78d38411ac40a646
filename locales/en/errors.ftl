error-not-found = We could not find what you are looking for.
error-unauthenticated = You need to log in to do this.
error-forbidden = You are not allowed to do this.
error-bad-request = The request is not valid. Check the data and try again.
error-rate-limited = Too many attempts. Wait { $seconds } seconds and try again.
error-internal = Something went wrong on our side. It has been logged; try again in a few minutes.
error-payload-too-large = What you sent is too large.
error-cross-site = We refused this request because it did not come from a Puente page. If you sent it, go back to the page and send it again.
