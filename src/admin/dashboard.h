// The dashboard, /admin/: for moderators, how many comments await moderation (a link to the
// Pending tab) and the latest comments with their status and quick actions; for everyone, links
// to what they may do. The route's guard checks Capability::kRead.
#pragma once

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/message.h"

namespace quire::admin {

// How many of the latest comments the dashboard lists.
inline constexpr int kDashboardComments = 5;

class Dashboard {
 public:
  Dashboard(ScreenDeps& deps, const AdminLayout& layout) : deps_(deps), layout_(layout) {}

  // GET /admin/.
  void Show(const http::Request& request, const Principal& principal, http::Respond respond) const;

 private:
  ScreenDeps& deps_;
  const AdminLayout& layout_;
};

}  // namespace quire::admin
