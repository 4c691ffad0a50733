"""The deployment files: valid, and saying what docs/deployment.md says.

- Every Kubernetes manifest (deploy/kubernetes/) is checked offline against the
  Kubernetes schemas with kubernetes-validate (strict: an unknown or misspelt field fails).
- The manifests hold what the design needs: probes on each process's health URL, memory
  requests and limits, the Rasa and action servers reachable from inside the cluster
  only, sticky routing through a headless Service, secrets from Secrets only, and the
  same commands as the Dockerfile and the launcher.
- The Compose file (deploy/compose/) is checked by Debian's ``docker-compose config``,
  offline (``.ci/run`` installs it; without it the check is skipped with the reason,
  and fails in CI).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List

import kubernetes_validate
import pytest
import yaml

from bot.settings import PROJECT_ROOT

KUBERNETES = PROJECT_ROOT / "deploy" / "kubernetes"
COMPOSE = PROJECT_ROOT / "deploy" / "compose"
# The oldest Kubernetes release still supported by the main cloud providers when this was
# written, and the newest schema kubernetes-validate 1.28.3 ships.
KUBERNETES_VERSIONS = ("1.27.0", "1.28.0")
# Readiness: /health, which checks what each process needs to answer (bot/health.py);
# liveness: a route that checks the process only (a database down must not restart it).
PROBE_PATHS = {
    "rasa": {"readinessProbe": "/health", "livenessProbe": "/"},
    "actions": {"readinessProbe": "/health", "livenessProbe": "/live"},
    "web": {"readinessProbe": "/health", "livenessProbe": "/live"},
}
PROCESS_MODULES = {"rasa": "bot.rasa_server", "actions": "bot.action_server", "web": "bot.web", "telegram": "bot.telegram"}


def manifest_files() -> List[Path]:
    return sorted(path for path in KUBERNETES.glob("*.yaml") if path.name != "kustomization.yaml")


def resources(path: Path) -> List[dict]:
    return [document for document in yaml.safe_load_all(path.read_text()) if document]


def all_resources() -> Iterator[dict]:
    for path in manifest_files():
        yield from resources(path)


def of_kind(kind: str) -> Dict[str, dict]:
    return {r["metadata"]["name"]: r for r in all_resources() if r["kind"] == kind}


def containers(workload: dict) -> List[dict]:
    return workload["spec"]["template"]["spec"]["containers"]


def our_deployments() -> Dict[str, dict]:
    return {name: d for name, d in of_kind("Deployment").items() if name in PROCESS_MODULES}


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("path", manifest_files(), ids=lambda path: path.name)
def test_every_manifest_is_valid_kubernetes(path, version):
    documents = resources(path)
    assert documents, f"{path.name} is empty"
    for document in documents:
        kubernetes_validate.validate(document, version, strict=True)


def test_kustomization_lists_every_manifest_but_the_secrets_example():
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert listed == {path.name for path in manifest_files()} - {"secrets.example.yaml"}
    assert all(r["kind"] != "Secret" for name in listed for r in resources(KUBERNETES / name))


def test_each_process_runs_the_command_of_the_image_and_the_launcher():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    for name, deployment in our_deployments().items():
        (container,) = containers(deployment)
        assert container["image"] == "afpa-assistant"  # kustomization.yaml sets the registry and tag
        assert container["command"][:3] == ["python", "-m", PROCESS_MODULES[name]]
        assert container["command"][2] in dockerfile


def test_each_server_has_readiness_and_liveness_probes_on_its_health_url():
    for name, paths in PROBE_PATHS.items():
        (container,) = containers(our_deployments()[name])
        port = container["ports"][0]
        for probe, path in paths.items():
            assert container[probe]["httpGet"]["path"] == path, (name, probe)
            assert container[probe]["httpGet"]["port"] == port["name"], (name, probe)


def test_every_container_has_memory_requests_and_limits_and_rasa_about_2_gb():
    workloads = {**of_kind("Deployment"), **of_kind("StatefulSet")}
    for name, workload in workloads.items():
        for container in containers(workload):
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            assert "memory" in container["resources"]["limits"], name
    (rasa,) = containers(of_kind("Deployment")["rasa"])
    assert rasa["resources"]["requests"]["memory"] == "2Gi"


def test_rasa_and_action_servers_are_not_reachable_from_outside():
    services = of_kind("Service")
    assert all(service["spec"].get("type", "ClusterIP") == "ClusterIP" for service in services.values())
    backends = {
        path["backend"]["service"]["name"]
        for ingress in of_kind("Ingress").values()
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {"web"}
    policies = of_kind("NetworkPolicy")
    assert policies["default-deny-ingress"]["spec"]["podSelector"] == {}
    allowed_into_rasa = policies["rasa-from-bridges"]["spec"]["ingress"][0]["from"][0]["podSelector"]
    assert allowed_into_rasa["matchExpressions"][0]["values"] == ["web", "telegram"]
    allowed_into_actions = policies["actions-from-rasa"]["spec"]["ingress"][0]["from"][0]["podSelector"]
    assert allowed_into_actions["matchLabels"] == {"app.kubernetes.io/name": "rasa"}


def test_the_bridges_route_by_conversation_through_the_headless_rasa_service():
    assert of_kind("Service")["rasa"]["spec"]["clusterIP"] == "None"
    config = of_kind("ConfigMap")["assistant-config"]["data"]
    assert config["RASA_URLS"] == "http://rasa:5005" and config["RASA_DISCOVERY"] == "dns"
    for bridge in ("web", "telegram"):
        (container,) = containers(our_deployments()[bridge])
        assert {"RASA_URLS", "RASA_DISCOVERY"} <= {variable["name"] for variable in container["env"]}


def test_secrets_come_from_secrets_only():
    secret_names = {"DATABASE_URL", "TRACKER_STORE_URL", "LOCK_STORE_URL", "TELEGRAM_BOT_TOKEN", "POSTGRES_PASSWORD",
                    "STAFF_CLAIM_SECRET"}
    for name, workload in {**of_kind("Deployment"), **of_kind("StatefulSet")}.items():
        for container in containers(workload):
            for variable in container.get("env", []):
                if variable["name"] in secret_names:
                    assert "secretKeyRef" in variable.get("valueFrom", {}), (name, variable["name"])
    assert "PASSWORD" not in yaml.safe_dump(of_kind("ConfigMap")).upper()


def test_one_telegram_bridge_at_a_time_in_polling_mode():
    telegram = our_deployments()["telegram"]
    assert telegram["spec"]["replicas"] == 1 and telegram["spec"]["strategy"]["type"] == "Recreate"


def test_every_variable_the_manifests_and_compose_set_is_documented_in_the_readme():
    readme = (PROJECT_ROOT / "README.md").read_text()
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", readme))
    ours = set(of_kind("ConfigMap")["assistant-config"]["data"])
    for workload in our_deployments().values():
        ours |= {variable["name"] for container in containers(workload) for variable in container.get("env", [])}
    compose = yaml.safe_load((COMPOSE / "compose.yaml").read_text())
    for service in compose["services"].values():
        if service.get("image", "").startswith("${ASSISTANT_IMAGE"):
            ours |= set(service.get("environment", {}))
    assert ours - documented == set()


def test_the_compose_file_is_valid(tmp_path):
    compose = shutil.which("docker-compose")
    if compose is None:
        reason = "docker-compose is missing (apt-get install docker-compose): the Compose file was not checked"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    env_file = tmp_path / ".env"
    env_file.write_text((COMPOSE / "env.example").read_text().replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=x\n")
                        .replace("STAFF_CLAIM_SECRET=\n", "STAFF_CLAIM_SECRET=" + "k" * 32 + "\n"))
    checked = subprocess.run(
        [compose, "--project-directory", str(COMPOSE), "--env-file", str(env_file),
         "-f", str(COMPOSE / "compose.yaml"), "--profile", "telegram", "config"],
        capture_output=True, text=True, timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    services = yaml.safe_load(checked.stdout)["services"]
    assert set(services) == {"postgres", "redis", "actions-1", "actions-2", "rasa-1", "rasa-2", "web", "telegram", "retention"}
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"web"}  # everything else stays on the Compose network
    assert services["rasa-1"]["environment"]["ACTION_ENDPOINT_URL"] == "http://actions-1:5055/webhook"
    assert services["web"]["environment"]["RASA_URLS"] == "http://rasa-1:5005,http://rasa-2:5005"


def test_the_compose_file_refuses_to_start_without_a_database_password(tmp_path):
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("docker-compose is missing (apt-get install docker-compose)")
    env_file = tmp_path / ".env"
    env_file.write_text((COMPOSE / "env.example").read_text())  # POSTGRES_PASSWORD left empty
    checked = subprocess.run(
        [compose, "--project-directory", str(COMPOSE), "--env-file", str(env_file),
         "-f", str(COMPOSE / "compose.yaml"), "config"],
        capture_output=True, text=True, timeout=60,
    )
    assert checked.returncode != 0 and "POSTGRES_PASSWORD" in checked.stderr
