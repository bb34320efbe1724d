"""The pages where tokens are issued and revoked (staff pages, apart from /api/)."""

app_name = "api_tokens"
urlpatterns: list = []
