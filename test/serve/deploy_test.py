#!/usr/bin/env python3
"""What this machine can check of deploy/: the KServe manifests parse and fit together (the
InferenceService names the ServingRuntime and its model format, v2 protocol, the ports and model
folder the container is started with), and every command the Dockerfile runs is one the README
gives, so the image is built the way the README says.

    deploy_test.py --source-dir SRC
"""
import argparse
import os
import re
import sys

import yaml


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()
    deploy = os.path.join(args.source_dir, "deploy")
    failures = []

    def check(ok, message):
        if not ok:
            failures.append(message)
            print("FAIL: " + message)

    with open(os.path.join(deploy, "serving-runtime.yaml")) as f:
        runtime = yaml.safe_load(f)
    with open(os.path.join(deploy, "inference-service.yaml")) as f:
        service = yaml.safe_load(f)
    with open(os.path.join(deploy, "Dockerfile")) as f:
        dockerfile = f.read()
    with open(os.path.join(args.source_dir, "README.md")) as f:
        readme = f.read()

    check(runtime["apiVersion"] == "serving.kserve.io/v1alpha1" and runtime["kind"] == "ServingRuntime",
          "serving-runtime.yaml is a KServe ServingRuntime")
    spec = runtime["spec"]
    check("v2" in spec["protocolVersions"] and "grpc-v2" in spec["protocolVersions"], "the runtime speaks v2")
    container = spec["containers"][0]
    check(container["name"] == "kserve-container", "KServe's container name")
    check(container["readinessProbe"]["httpGet"]["path"] == "/v2/health/ready", "readiness on the protocol's path")
    formats = {f["name"] for f in spec["supportedModelFormats"]}

    check(service["apiVersion"] == "serving.kserve.io/v1beta1" and service["kind"] == "InferenceService",
          "inference-service.yaml is a KServe InferenceService")
    predictor = service["spec"]["predictor"]
    model = predictor["model"]
    check(model["runtime"] == runtime["metadata"]["name"], "the InferenceService names the runtime")
    check(model["modelFormat"]["name"] in formats, "the model format is the runtime's")
    check(model["protocolVersion"] == "v2", "the InferenceService uses the v2 protocol")
    check(1 <= predictor["minReplicas"] <= predictor["maxReplicas"], "replica bounds")
    check(predictor["scaleMetric"] in ("concurrency", "rps", "cpu", "memory"), "a scale metric KServe knows")

    # The container's command: the Dockerfile's ENTRYPOINT, which the runtime's args repeat.
    entry = re.search(r"^ENTRYPOINT (\[.*\])$", dockerfile, re.M)
    check(entry is not None, "the Dockerfile has an exec-form ENTRYPOINT")
    if entry:
        argv = yaml.safe_load(entry.group(1))
        check(argv[0].endswith("/bin/aicc-serve"), "the image runs aicc-serve")
        check(argv[1:] == container["args"], f"the runtime's args are the image's: {argv[1:]} vs {container['args']}")
        port = argv[argv.index("--http-port") + 1]
        check([p["containerPort"] for p in container["ports"]] == [int(port)], "the runtime's port is the HTTP port")
        check(container["readinessProbe"]["httpGet"]["port"] == int(port), "the probe's port is the HTTP port")
        check(argv[argv.index("--model-repository") + 1] == "/mnt/models", "models from KServe's /mnt/models")
        prefix = os.path.dirname(os.path.dirname(argv[0]))
        check(f"cmake --install build --prefix {prefix}" in dockerfile, "the image installs where it runs from")

    runs = re.findall(r"^RUN (.+)$", dockerfile, re.M)
    check(len(runs) >= 3, "the Dockerfile builds aicc")
    for command in runs:
        check(re.search(r"^\s+" + re.escape(command) + r"\s*$", readme, re.M) is not None,
              f"the Dockerfile's `{command}` is a command in the README")
    print(f"{len(failures)} failed" if failures else "deploy/: every check passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
