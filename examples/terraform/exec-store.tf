# A keyward_api_key delivered by an exec store from Terraform, with the same fields as a manifest's exec store
# (examples/manifests/exec-store.yaml). The script keeps one file per secret under SECRETS_DIR.
terraform {
  required_providers {
    keyward = { source = "keyward.dev/keyward/keyward" }
  }
}

variable "script" {
  type        = string
  description = "Path of examples/manifests/exec/file-secret.sh, or your own delivery script."
}

variable "secrets_dir" {
  type = string
}

provider "keyward" {}

resource "keyward_service_user" "purger" {
  name        = "edge-cache-purger"
  description = "purges the edge cache"
}

resource "keyward_api_key" "purge" {
  service_user  = keyward_service_user.purger.name
  name          = "purge"
  expires_in    = "6mo"
  rotate_before = "21d"

  secret_store {
    type     = "exec"
    name     = "EDGE_PURGE_KEY"
    command  = [var.script, "write", "{name}", "{keyId}"]
    describe = [var.script, "describe", "{name}"]
    delete   = [var.script, "delete", "{name}"]
    env      = { SECRETS_DIR = var.secrets_dir }
    timeout  = "30s"
  }
}
