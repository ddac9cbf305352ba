#include "site/visibility.h"

namespace quire::site {

bool CanView(const Viewer& viewer, const store::Post& item) {
  bool own = viewer.user_id != 0 && viewer.user_id == item.author_id;
  switch (item.status) {
    case store::PostStatus::kPublish: return true;
    case store::PostStatus::kPrivate: return own || viewer.read_private;
    case store::PostStatus::kDraft:
    case store::PostStatus::kPending:
    case store::PostStatus::kFuture: return own || (viewer.user_id != 0 && viewer.edit_others);
    case store::PostStatus::kTrash: return false;
  }
  return false;
}

}  // namespace quire::site
