"""A fast GGUF header reader for pre-flight checks.

`gguf.GGUFReader` materialises every metadata array (49,152 tokenizer strings for SmolLM2) and
takes seconds; the checks here need only the scalar keys and the tensor table, so this walks the
header with `struct`, skipping arrays, and uses the `gguf` package's own type tables for sizes.
It also catches what llama.cpp would report as an opaque load failure: a file that is missing,
not GGUF, or truncated.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType

from dm_companion.errors import DMCError

MAGIC = b"GGUF"
_U64 = struct.Struct("<Q")
_SCALARS = {
    GGUFValueType.UINT8: "<B",
    GGUFValueType.INT8: "<b",
    GGUFValueType.UINT16: "<H",
    GGUFValueType.INT16: "<h",
    GGUFValueType.UINT32: "<I",
    GGUFValueType.INT32: "<i",
    GGUFValueType.FLOAT32: "<f",
    GGUFValueType.BOOL: "<?",
    GGUFValueType.UINT64: "<Q",
    GGUFValueType.INT64: "<q",
    GGUFValueType.FLOAT64: "<d",
}


@dataclass(frozen=True)
class Tensor:
    name: str
    shape: tuple[int, ...]  # ggml order: shape[0] is the row length (a matrix's input size)
    type: GGMLQuantizationType


@dataclass(frozen=True)
class GGUFInfo:
    path: Path
    metadata: dict[str, object]  # scalar keys only; arrays are recorded by their length
    tensors: dict[str, Tensor]

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def file_type(self) -> str:
        return str(self.metadata.get("general.type", "model"))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name") or self.path.stem)


class _Cursor:
    def __init__(self, data: bytes, path: Path):
        self.data, self.pos, self.path = data, 0, path

    def need(self, size: int) -> None:
        if self.pos + size > len(self.data):
            raise DMCError(f"{self.path} is truncated or corrupt: its GGUF header ends early")

    def unpack(self, fmt: str):
        size = struct.calcsize(fmt)
        self.need(size)
        value = struct.unpack_from(fmt, self.data, self.pos)[0]
        self.pos += size
        return value

    def string(self) -> str:
        length = self.unpack("<Q")
        self.need(length)
        raw = self.data[self.pos : self.pos + length]
        self.pos += length
        return raw.decode("utf-8", errors="replace")

    def value(self, kind: int):
        kind = GGUFValueType(kind)
        if kind == GGUFValueType.STRING:
            return self.string()
        if kind == GGUFValueType.ARRAY:
            item_kind, count = GGUFValueType(self.unpack("<I")), self.unpack("<Q")
            if item_kind in _SCALARS:
                size = struct.calcsize(_SCALARS[item_kind]) * count
                self.need(size)
                self.pos += size
            elif item_kind == GGUFValueType.STRING:  # tokenizer vocabularies: skip fast
                data, pos, end, unpack = self.data, self.pos, len(self.data) - 8, _U64.unpack_from
                for _ in range(count):
                    if pos > end:
                        self.need(len(self.data))
                    pos += 8 + unpack(data, pos)[0]
                self.pos = pos
                self.need(0)
            else:
                for _ in range(count):
                    self.value(item_kind)
            return f"<array of {count}>"
        return self.unpack(_SCALARS[kind])


def _tensor_bytes(tensor: Tensor) -> int:
    block, block_bytes = GGML_QUANT_SIZES[tensor.type]
    elements = 1
    for dim in tensor.shape:
        elements *= dim
    return elements // block * block_bytes


def read_gguf(path: str | Path, what: str = "model") -> GGUFInfo:
    """Reads a GGUF file's metadata and tensor table; raises DMCError naming the file on any fault."""
    path = Path(path)
    if not path.exists():
        raise DMCError(f"{what} file not found: {path}")
    if not path.is_file():
        raise DMCError(f"{what} path is not a file: {path}")
    size = path.stat().st_size
    with path.open("rb") as handle:
        if handle.read(4) != MAGIC:
            raise DMCError(f"{path} is not a GGUF file (expected a llama.cpp .gguf {what})")
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _parse(_Cursor(data, path), path, size)


def _parse(cursor: _Cursor, path: Path, size: int) -> GGUFInfo:
    cursor.pos = 4
    try:
        version = cursor.unpack("<I")
        if version not in (2, 3):
            raise DMCError(f"{path} has GGUF version {version}; this llama.cpp reads versions 2 and 3")
        tensor_count, kv_count = cursor.unpack("<Q"), cursor.unpack("<Q")
        metadata: dict[str, object] = {}
        for _ in range(kv_count):
            key = cursor.string()
            metadata[key] = cursor.value(cursor.unpack("<I"))
        tensors: dict[str, Tensor] = {}
        offsets: dict[str, int] = {}
        for _ in range(tensor_count):
            name = cursor.string()
            n_dims = cursor.unpack("<I")
            shape = tuple(cursor.unpack("<Q") for _ in range(n_dims))
            tensor = Tensor(name, shape, GGMLQuantizationType(cursor.unpack("<I")))
            offsets[name] = cursor.unpack("<Q")
            tensors[name] = tensor
    except (ValueError, KeyError, struct.error):
        raise DMCError(f"{path} is corrupt: its GGUF header holds values this reader does not know") from None

    alignment = int(metadata.get("general.alignment", 32))
    data_start = (cursor.pos + alignment - 1) // alignment * alignment
    data_end = max((offsets[name] + _tensor_bytes(t) for name, t in tensors.items()), default=0)
    if data_start + data_end > size:
        raise DMCError(
            f"{path} is truncated: {size:,} bytes on disk, its tensors need {data_start + data_end:,}"
        )
    return GGUFInfo(path, metadata, tensors)
