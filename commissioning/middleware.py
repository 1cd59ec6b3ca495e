from django.contrib.auth.middleware import LoginRequiredMiddleware


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user; views opt out with @login_not_required.

    The API is left to Django REST framework, which answers 401/403 in JSON
    (and accepts tokens) instead of redirecting to the sign-in page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
