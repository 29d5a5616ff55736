"""Settings (pydantic-settings, environment prefix ``NEWSGRAPH_``; same names as the CLI options)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.store.remote import Credentials, RemoteOptions

MIB = 1024 * 1024


class Settings(BaseSettings):
    """Every knob of the service; build one per app (tests build many)."""

    model_config = SettingsConfigDict(env_prefix="NEWSGRAPH_", extra="ignore")

    store: str = Field("./var/store", description="store directory, 'memory', or the http(s) URL "
                       "of a SPARQL 1.1 query endpoint (a remote store)")
    update_url: str | None = Field(None, description="remote store: its update endpoint (default: "
                                   "from its service description or usual layout)")
    gsp_url: str | None = Field(None, description="remote store: its Graph Store endpoint")
    store_user: str | None = Field(None, description="remote store: HTTP basic user")
    store_password: SecretStr | None = Field(None, description="remote store: HTTP basic password")
    store_token: SecretStr | None = Field(None, description="remote store: bearer token")
    host: str = "127.0.0.1"
    port: int = 8000
    token: SecretStr | None = Field(None, description="bearer token for HTTP writes; unset = refused")
    read_only: bool = False
    query_timeout: float = Field(30.0, gt=0, description="seconds per query; a request may lower it")
    max_rows: int = Field(1_000_000, gt=0)
    max_body: int = Field(64 * MIB, gt=0, description="request body cap in bytes")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    service_allow: Annotated[list[str], NoDecode] = Field(default_factory=list)
    query_workers: int = Field(2, ge=0, description="query worker processes; 0 = in-process")
    union_default_graph: bool = Field(True, description="default graph = union of named graphs")
    cache_entries: int = Field(256, ge=0, description="query result cache size (0 = off)")
    seed: bool = Field(False, description="load the bundled article when the store is empty")

    def remote_options(self) -> RemoteOptions:
        """What a remote store needs beyond its URL (ignored by the embedded store)."""
        creds = Credentials(
            user=self.store_user,
            password=self.store_password.get_secret_value() if self.store_password else None,
            token=self.store_token.get_secret_value() if self.store_token else None)
        return RemoteOptions(self.update_url, self.gsp_url, creds, self.query_timeout)

    @field_validator("cors_origins", "service_allow", mode="before")
    @classmethod
    def _split_commas(cls, v: object) -> object:
        """Accept ``a,b`` from the environment or the command line as well as a list."""
        if isinstance(v, str):
            return [s.strip() for s in v.split(",") if s.strip()]
        return v
