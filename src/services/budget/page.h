#pragma once
#include <cstdint>
#include <vector>

namespace bh::budget {

// One page of a listing and the number of rows that match (bounded for movements: movement_store.h).
template <class T>
struct Page {
    std::vector<T> items;
    std::int64_t total = 0;
};

}  // namespace bh::budget
