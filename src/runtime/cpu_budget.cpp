#include "runtime/cpu_budget.h"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <thread>

#include "core/file_text.h"

namespace bh::runtime {

namespace {

std::optional<unsigned long long> parse_number(std::string_view text) {
    unsigned long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<unsigned> cores_of_cpu_max(std::string_view cpu_max) {
    cpu_max = trim(cpu_max);
    const auto space = cpu_max.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const auto quota = parse_number(cpu_max.substr(0, space));  // "max" -> nullopt: no quota
    const auto period = parse_number(cpu_max.substr(space + 1));
    if (!quota || !period || *period == 0 || *quota == 0) return std::nullopt;
    const unsigned long long cores = (*quota + *period - 1) / *period;
    return static_cast<unsigned>(std::min<unsigned long long>(cores, 1U << 16));
}

std::optional<std::string_view> cgroup_v2_path(std::string_view proc_self_cgroup) {
    while (!proc_self_cgroup.empty()) {
        const auto end = proc_self_cgroup.find('\n');
        const auto line = proc_self_cgroup.substr(0, end);
        if (line.starts_with("0::")) return line.substr(3);
        if (end == std::string_view::npos) break;
        proc_self_cgroup.remove_prefix(end + 1);
    }
    return std::nullopt;
}

unsigned usable_cpus() {
    unsigned cpus = std::max(1U, std::thread::hardware_concurrency());
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) cpus = std::max(1, CPU_COUNT(&set));
    const auto cgroups = read_file_text("/proc/self/cgroup");
    const auto path = cgroups ? cgroup_v2_path(*cgroups) : std::nullopt;
    if (!path) return cpus;
    // A quota anywhere up the tree limits this process; each level has its own cpu.max.
    std::string level(*path);
    for (;;) {
        if (const auto line =
                read_file_text("/sys/fs/cgroup" + (level == "/" ? std::string() : level) + "/cpu.max")) {
            if (const auto cores = cores_of_cpu_max(*line)) cpus = std::min(cpus, std::max(1U, *cores));
        }
        if (level.empty() || level == "/") break;
        const auto slash = level.rfind('/');
        level = slash == 0 ? "/" : level.substr(0, slash);
    }
    return cpus;
}

}  // namespace bh::runtime
