// cpu_budget: the cgroup v2 quota and path read as the kernel writes them, and a usable count that is
// never zero nor above the affinity mask.
#include "runtime/cpu_budget.h"

#include <gtest/gtest.h>
#include <sched.h>

namespace bh::runtime {
namespace {

TEST(CpuBudget, CoresOfCpuMaxRoundUpAndMaxMeansNoQuota) {
    EXPECT_EQ(cores_of_cpu_max("max 100000\n"), std::nullopt);
    EXPECT_EQ(cores_of_cpu_max("100000 100000\n"), 1U);
    EXPECT_EQ(cores_of_cpu_max("150000 100000"), 2U);  // --cpus=1.5: two threads may run
    EXPECT_EQ(cores_of_cpu_max("25000 100000"), 1U);   // a quarter core still gets one thread
    EXPECT_EQ(cores_of_cpu_max("400000 100000"), 4U);
    EXPECT_EQ(cores_of_cpu_max(""), std::nullopt);
    EXPECT_EQ(cores_of_cpu_max("100000"), std::nullopt);
    EXPECT_EQ(cores_of_cpu_max("100000 0"), std::nullopt);
    EXPECT_EQ(cores_of_cpu_max("-1 100000"), std::nullopt);
    EXPECT_EQ(cores_of_cpu_max("18446744073709551615 1"), 65536U);  // capped, no overflow
}

TEST(CpuBudget, CgroupV2PathIsTheZeroLine) {
    EXPECT_EQ(cgroup_v2_path("0::/\n"), "/");
    EXPECT_EQ(cgroup_v2_path("0::/user.slice/user-0.slice/session-1.scope\n"),
              "/user.slice/user-0.slice/session-1.scope");
    EXPECT_EQ(cgroup_v2_path("12:cpu,cpuacct:/docker/abc\n0::/docker/abc"), "/docker/abc");
    EXPECT_EQ(cgroup_v2_path("12:cpu,cpuacct:/docker/abc\n"), std::nullopt);  // cgroup v1 only
    EXPECT_EQ(cgroup_v2_path(""), std::nullopt);
}

TEST(CpuBudget, UsableCpusIsWithinTheAffinityMask) {
    cpu_set_t set;
    CPU_ZERO(&set);
    ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
    const unsigned usable = usable_cpus();
    EXPECT_GE(usable, 1U);
    EXPECT_LE(usable, static_cast<unsigned>(CPU_COUNT(&set)));
}

}  // namespace
}  // namespace bh::runtime
