#include "renderer/views/channel_slots.hpp"

#include <fmt/format.h>

namespace convanim {
namespace {
constexpr int shown_first = 3, shown_last = 2;
}  // namespace

ChannelSlots::ChannelSlots(int channels) : channels_(channels) {
  if (channels <= most_drawn) {
    for (int c = 0; c < channels; ++c) first_.push_back(c);
    return;
  }
  elided_ = channels - shown_first - shown_last;
  for (int c = 0; c < shown_first; ++c) first_.push_back(c);
  first_.push_back(-1);
  for (int c = channels - shown_last; c < channels; ++c) first_.push_back(c);
}

int ChannelSlots::slot_of(int channel) const {
  if (!elides() || channel < shown_first) return channel;
  if (channel >= channels_ - shown_last) return shown_first + 1 + (channel - (channels_ - shown_last));
  return shown_first;
}

std::string channel_label(const std::string& role, int channel, int channels) {
  if (channels <= 1) return role;
  return fmt::format("{} channel {} of {}", role, channel + 1, channels);
}

}  // namespace convanim
