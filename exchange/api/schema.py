"""OpenAPI: the xAPI resource's HTTP Basic authentication with a provider credential."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ProviderBasicScheme(OpenApiAuthenticationExtension):
    target_class = "exchange.api.authentication.ProviderBasicAuthentication"
    name = "providerCredential"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "basic",
            "description": "User name: the credential's prefix; password: its secret (shown once in admin).",
        }
