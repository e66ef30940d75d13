#!/usr/bin/env bats
# init's starter specs on a real host: each one written by 'jconshgen init' validates, renders
# scripts that pass shellcheck, and the web starter, applied as written (only its subnet moved to
# this file's 10.231.141.0/24), serves its page and passes its own probes; destroy leaves nothing.
# Names bin-*.

load helpers

setup() {
    apply_setup
}

teardown() {
    apply_teardown
}

@test "init: every starter validates and its scripts pass shellcheck" {
    requires shellcheck
    local kind scripts
    for kind in --lab --minimal --web --trio; do
        run_ok jg init "$kind" --name bin-s "$T/s$kind.yaml"
        run_ok jg validate "$T/s$kind.yaml"
        run_ok jg generate "$T/s$kind.yaml" -o "$T/out$kind"
        # a lab's members have their scripts in subdirectories
        mapfile -t scripts < <(find "$T/out$kind" -name '*.sh')
        [ "${#scripts[@]}" -ge 6 ] || fail "only ${#scripts[@]} scripts for $kind"
        run_ok shellcheck -s sh "${scripts[@]}"
    done
}

@test "init --web: the starter applied as written serves its page and passes its probes" {
    requires_free_netns bin-web
    requires_free_subnet 10.231.141
    cd "$T"
    run_ok jg init --web --name bin-web
    assert_output --partial 'wrote bin-web.yaml'
    sed -i 's/10\.0\.3\./10.231.141./g' bin-web.yaml
    APPLIED+=(bin-web)
    run_ok jg apply bin-web.yaml
    assert_output --regexp 'PASS +probe 1 http'
    assert_output --regexp 'PASS +probe 2 exec'
    refute_output --partial 'FAIL'
    run_ok busybox wget -q -O - http://10.231.141.2/index.html
    assert_output 'hello from bin-web'
    run_ok jg destroy bin-web
}
