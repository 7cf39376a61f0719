from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views.serve import authenticate_with_password as document_password
from wagtail.documents.views.serve import serve as serve_document
from wagtail.views import authenticate_with_password as page_password

from hub.mfa.devices import devices_in_django_admin
from hub.web import admin_scope, admin_scope_reports, private_documents, views
from hub.web.csp_report import csp_report
from hub.web.privacy_passwords import limit_password_tries
from hub.web.sitemap import AllLocalesSitemap

# The Django admin lists officers' second-factor devices (django-otp, django-otp-webauthn): a superuser
# could delete or add one alone there, around the office's two-person reset (hub/mfa/reset.py) and its log.
# Unregistered here, once every app's admin module has been loaded.
for _device_model in devices_in_django_admin():
    admin.site.unregister(_device_model)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("csp-report/", csp_report, name="csp_report"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLocalesSitemap}}, name="sitemap"),
    path("api/v1/", include("hub.api.urls")),
    # In front of Wagtail's page chooser at the same addresses: an officer chooses among the pages the
    # explorer shows them and other people's live pages (hub/web/admin_scope.py).
    *[
        path(f"admin/{route}", never_cache(require_admin_access(view.as_view())))
        for route, view in (
            ("choose-page/", admin_scope.ScopedBrowseView),
            ("choose-page/<int:parent_page_id>/", admin_scope.ScopedBrowseView),
            ("choose-page/search/", admin_scope.ScopedSearchView),
            ("choose-page/chosen-multiple/", admin_scope.ScopedChosenMultipleView),
        )
    ],
    # In front of Wagtail's collection edit view: moving a collection under a private one (or out of one)
    # moves its documents' files to the storage its new privacy asks for (hub/web/private_documents.py).
    path(
        "admin/collections/<int:pk>/",
        never_cache(require_admin_access(private_documents.collection_edit_view())),
        name="hub_collection_edit",
    ),
    # Page bulk actions whose confirmation names only explorable pages; the site-wide reports for the
    # office only; wagtail-localize's snippet API scoped by permission policy (admin_scope_reports.py).
    path(
        "admin/bulk/wagtailcore/page/<str:action>/",
        never_cache(require_admin_access(admin_scope.page_bulk_action)),
    ),
    *[
        path(f"admin/{route}", never_cache(require_admin_access(view)))
        for route, view in admin_scope_reports.office_report_routes()
    ],
    *[
        path(
            f"admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/{route}",
            never_cache(require_admin_access(view)),
        )
        for route, view in (
            ("", admin_scope_reports.ScopedSnippetViewSet.as_view({"get": "list"})),
            ("<str:pk>/", admin_scope_reports.ScopedSnippetViewSet.as_view({"get": "retrieve"})),
        )
    ],
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    # Wagtail's document view, whose answers for private collections no shared cache keeps.
    re_path(r"^documents/(\d+)/(.*)$", private_documents.private_when_restricted(serve_document)),
    # In front of Wagtail's password forms: a limited number of tries (hub/web/privacy_passwords.py).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        limit_password_tries(document_password, "restriction_id"),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    # Files that pages serve as routes (calendar.ics, minutes.xml): Wagtail's own URLs end with a slash.
    re_path(r"^(?P<path>(?:[\w\-]+/)+[\w\-]+\.(?:ics|xml))$", views.serve_page_file, name="page_file"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        limit_password_tries(page_password, "page_view_restriction_id"),
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "hub.web.views.bad_request"
handler404 = "hub.web.views.page_not_found"
handler500 = "hub.web.views.server_error"
