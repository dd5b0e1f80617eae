# Sourced by scripts/install-test-host.sh (and its unit test): runs a command without the variables an
# outer `npm run` exported. Under `npm run setup:test-host`, npm (on the system's Node, e.g. 20) exports
# npm_config_user_agent="npm/… node/v20…", npm_node_execpath, npm_config_node_gyp, npm_package_*,
# NODE, … An inner `npm install` on another Node inherits them, and code-server's postinstall, which
# reads the Node major from npm_config_user_agent, then refuses ("requires node v24 … you are on node
# v20"). Settings that only say how to reach the registry are kept: the inner npm needs them too.
# Usage: without_outer_npm_env env [NAME=value…] command [args…]
#        (set the inner command's own variables after `env`: assignments before the function name
#        would be exported to it and removed with the rest when their name starts with npm_)

# How to reach the registry: kept (set on the outer command line or in the environment on purpose).
OUTER_NPM_ENV_KEEP='^npm_config_(registry|.*:registry|proxy|https_proxy|http_proxy|noproxy|cafile|ca|cert|key|strict_ssl|userconfig|cache)$'

without_outer_npm_env() {
  local name
  local -a unset_args=()
  while IFS= read -r name; do
    case "$name" in
      npm_* | NODE | INIT_CWD)
        [[ "$name" =~ $OUTER_NPM_ENV_KEEP ]] || unset_args+=(-u "$name") ;;
    esac
  done < <(compgen -e)
  command env "${unset_args[@]}" "$@"
}
