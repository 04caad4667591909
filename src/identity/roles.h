#pragma once
// The roles of BudgetHub. Nobody grants themselves one: the first registered user becomes ADMIN and
// later roles are granted by an ADMIN (or an operator from the command line).
#include <array>
#include <string_view>

namespace bh::identity::role {

inline constexpr std::string_view kAdmin = "ADMIN";
inline constexpr std::string_view kManager = "MANAGER";
inline constexpr std::string_view kEmployee = "EMPLOYEE";
inline constexpr std::string_view kHr = "HR";

inline constexpr std::array<std::string_view, 4> kAll = {kAdmin, kManager, kEmployee, kHr};

constexpr bool is_known(std::string_view name) {
    for (auto known : kAll) {
        if (known == name) return true;
    }
    return false;
}

}  // namespace bh::identity::role
