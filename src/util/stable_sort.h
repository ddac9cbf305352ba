#pragma once
// A stable sort that clang builds accept: libstdc++ 12's std::stable_sort calls
// get_temporary_buffer, deprecated in C++23, which clang's -Werror refuses. Sorts positions
// (ties broken by position, so equal elements keep their order), then moves the elements.

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

namespace quire::util {

template <typename T, typename Less>
void StableSort(std::vector<T>& items, Less less) {
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::ranges::sort(order, [&](size_t a, size_t b) {
    if (less(items[a], items[b])) return true;
    if (less(items[b], items[a])) return false;
    return a < b;
  });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

}  // namespace quire::util
