from django.middleware.locale import LocaleMiddleware

# Paths outside the language-prefixed URL patterns: a 404 there is final, never
# a redirect to /<lang>/… (which would turn an API's JSON 404 into an HTML page).
UNPREFIXED_PATHS = ("/api/", "/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/healthz", "/i18n/")


class HubLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)
