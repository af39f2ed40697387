"""Archive targets: where a snapshot goes, and how it is read back.

`ArchiveTarget` is the interface: `store(snapshot) -> reference` and `fetch(reference) ->
bytes`. Two implementations:

- `FolderTarget` (the default): a local folder (`IP_ARCHIVE_DIR`, default `data/arkiv`
  beside the database); `plan-<id>_<time>_<reason>.pdf` plus `<same>.json`, the metadata
  and sha256. A file is never overwritten (a clash gets `-2`, `-3`, ...).
- `HttpTarget` (`IP_ARCHIVE_URL`): a document-archive service (a Noark 5 front, or the
  integration in front of one) with a minimal HTTP API:

      POST {url}/dokumenter          body: {"metadata": {...}, "sha256": "...",
                                            "filename": "....pdf", "content": <base64 PDF>}
                                     201 {"id": "<the archive's id>"}
      GET  {url}/dokumenter/{id}/innhold      200 the PDF bytes

  with `Authorization: Bearer $IP_ARCHIVE_TOKEN` when a token is set. Mapping to a Noark 5
  journalpost/dokumentbeskrivelse is the service's job; we send the metadata it needs.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Protocol

from ip_app.archive.rules import SnapshotMeta, file_stem, safe_file_name
from ip_app.kernel.config import ROOT


@dataclass(frozen=True)
class Snapshot:
    pdf: bytes
    meta: SnapshotMeta
    sha256: str
    made_at: object  # datetime (UTC): names the file

    @property
    def stem(self) -> str:
        return file_stem(self.meta.plan_id, self.made_at, self.meta.reason)  # type: ignore[arg-type]

    def sidecar(self) -> dict:
        return {**self.meta.as_json(), "sha256": self.sha256, "size": len(self.pdf),
                "made_at": self.made_at.isoformat(), "format": "PDF/A-2a"}  # type: ignore[attr-defined]


class ArchiveTarget(Protocol):
    name: str

    def store(self, snapshot: Snapshot) -> str: ...
    def fetch(self, reference: str) -> bytes: ...


class FolderTarget:
    name = "folder"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def store(self, snapshot: Snapshot) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        stem, n = snapshot.stem, 1
        while True:  # never overwrite: a second snapshot in the same second gets -2
            name = f"{stem}{'' if n == 1 else f'-{n}'}"
            try:
                with open(self.folder / f"{name}.pdf", "xb") as f:
                    f.write(snapshot.pdf)
                break
            except FileExistsError:
                n += 1
        tmp = self.folder / f".{name}.json.tmp"
        tmp.write_text(json.dumps(snapshot.sidecar(), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
        tmp.replace(self.folder / f"{name}.json")
        return f"{name}.pdf"

    def fetch(self, reference: str) -> bytes:
        if not safe_file_name(reference):
            raise ValueError(f"not a reference of this archive folder: {reference!r}")
        return (self.folder / reference).read_bytes()


class HttpTarget:
    name = "http"

    def __init__(self, url: str, token: str = "", timeout: float = 30.0):
        self.url, self.token, self.timeout = url.rstrip("/"), token, timeout

    def _request(self, url: str, *, data: Optional[bytes] = None) -> tuple[int, bytes]:
        req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - configured URL
            return resp.status, resp.read()

    def store(self, snapshot: Snapshot) -> str:
        body = json.dumps({"metadata": snapshot.sidecar(), "sha256": snapshot.sha256,
                           "filename": f"{snapshot.stem}.pdf",
                           "content": base64.b64encode(snapshot.pdf).decode("ascii")}).encode()
        status, answer = self._request(f"{self.url}/dokumenter", data=body)
        if status not in (200, 201):
            raise OSError(f"archive answered {status}")
        ref = str(json.loads(answer)["id"])
        if not ref:
            raise OSError("archive answered without an id")
        return ref

    def fetch(self, reference: str) -> bytes:
        _, body = self._request(
            f"{self.url}/dokumenter/{urllib.parse.quote(reference, safe='')}/innhold")
        return body


def archive_dir() -> Path:
    raw = os.environ.get("IP_ARCHIVE_DIR", "").strip()
    return Path(raw) if raw else ROOT / "data" / "arkiv"


def configured_target() -> ArchiveTarget:
    """IP_ARCHIVE_URL set: the archive service; else the folder (IP_ARCHIVE_DIR)."""
    url = os.environ.get("IP_ARCHIVE_URL", "").strip()
    if url:
        return HttpTarget(url, os.environ.get("IP_ARCHIVE_TOKEN", "").strip())
    return FolderTarget(archive_dir())


def target_named(name: str) -> ArchiveTarget:
    """The target a stored row's `target` names (to fetch it back)."""
    if name == HttpTarget.name:
        target = configured_target()
        if not isinstance(target, HttpTarget):
            raise LookupError("IP_ARCHIVE_URL is not set: this snapshot is in the archive service")
        return target
    return FolderTarget(archive_dir())
