#pragma once
// How many CPUs this process may really use, for `runtime.threads = 0`: std::thread's
// hardware_concurrency() counts the machine's cores, but a container started with `--cpus=1` (a cgroup
// v2 quota, cpu.max) or a process pinned with taskset may use fewer. More I/O threads than usable
// CPUs only adds hand-offs between threads (docs/performance.md, "Create movement: where the gap is").
#include <optional>
#include <string_view>

namespace bh::runtime {

// The cores a cgroup v2 `cpu.max` line grants ("<quota> <period>", both in µs), rounded up; nullopt
// for "max <period>" (no quota) or a line that is not of that form.
std::optional<unsigned> cores_of_cpu_max(std::string_view cpu_max);

// The cgroup v2 path of this process from a /proc/self/cgroup text ("0::/user.slice/x.scope" ->
// "/user.slice/x.scope"); nullopt when there is no v2 line.
std::optional<std::string_view> cgroup_v2_path(std::string_view proc_self_cgroup);

// min(CPUs in the affinity mask, the quota of this process's cgroup and of each cgroup above it),
// at least 1. Reads /proc and /sys/fs/cgroup; falls back to hardware_concurrency() when they can't
// be read.
unsigned usable_cpus();

}  // namespace bh::runtime
