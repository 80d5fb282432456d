#!/usr/bin/env bash
# Runs every test on a fresh Debian machine (as root): installs what the tests use where it is missing,
# restores, builds with warnings as errors, and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v dcmdump >/dev/null 2>&1 || missing+=(dcmtk)
command -v dciodvfy >/dev/null 2>&1 || missing+=(dicom3tools)
command -v Orthanc >/dev/null 2>&1 || missing+=(orthanc) # a real PACS for the DICOM networking tests
[ -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || missing+=(orthanc-dicomweb) # a real DICOMweb client and server
[ -d /usr/lib/python3/dist-packages/pydicom/data/test_files ] || missing+=(python3-pydicom)
[ -x /usr/bin/chromium ] || missing+=(chromium) # a real browser for the web page's tests (Playwright drives it by path)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm devDependencies: Azurite for the Azure-profile tests (each test run starts its own instances on free ports),
# and dicomweb-client (the DICOMweb client OHIF uses) with xhr2 for the DICOMweb interoperability test.
if [ ! -x node_modules/.bin/azurite ] || [ ! -d node_modules/dicomweb-client ] || [ ! -d node_modules/xhr2 ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "installing: nodejs npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Platform.sln
dotnet build Platform.sln -c Release --no-restore
dotnet test Platform.sln -c Release --no-build "$@"
