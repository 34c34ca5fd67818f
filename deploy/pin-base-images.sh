#!/usr/bin/env bash
# Pins the base images of deploy/Dockerfile by digest: resolves each tag's current multi-platform digest and writes
# tag@sha256:... into deploy/base-images.env. Needs Docker with buildx and access to mcr.microsoft.com.
# Review and commit the change; rebuild with: docker build -f deploy/Dockerfile $(sed -n 's/^\([A-Z_]*\)=/--build-arg \1=/p' deploy/base-images.env) .
set -euo pipefail
cd "$(dirname "$0")"
pin() {
  local name=$1 tag=$2 digest
  digest=$(docker buildx imagetools inspect "$tag" --format '{{json .Manifest.Digest}}' | tr -d '"')
  [[ $digest == sha256:* ]] || { echo "could not resolve $tag" >&2; exit 1; }
  echo "$name=$tag@$digest"
}
{
  echo "# Base images of deploy/Dockerfile, pinned by digest: written by deploy/pin-base-images.sh on $(date -u +%F). docs/deploy.md, \"Base images\"."
  pin SDK_IMAGE mcr.microsoft.com/dotnet/sdk:10.0
  pin RUNTIME_IMAGE mcr.microsoft.com/dotnet/aspnet:10.0
} > base-images.env.new
mv base-images.env.new base-images.env
cat base-images.env
