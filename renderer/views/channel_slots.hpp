// Which channels a view draws, and in which slot: every channel up to a readable count; beyond it
// the first three, one slot standing for all the channels between (drawn as an elision mark with
// their count), and the last two. A channel in the elided range is drawn in that middle slot, so a
// filter that reads it still has somewhere to point.
#pragma once

#include <string>
#include <vector>

namespace convanim {

class ChannelSlots {
 public:
  static constexpr int most_drawn = 8;  // beyond this many planes, a stack stops reading as planes

  explicit ChannelSlots(int channels);
  int slots() const { return int(first_.size()); }
  // The slot a channel is drawn in.
  int slot_of(int channel) const;
  // The channel a slot stands for, or -1 for the elision slot.
  int channel_in(int slot) const { return first_[std::size_t(slot)]; }
  bool elides() const { return elided_ > 0; }
  int elided() const { return elided_; }
  int channels() const { return channels_; }

 private:
  int channels_, elided_ = 0;
  std::vector<int> first_;  // per slot: its channel, or -1
};

// "input channel 2 of 3" / "input" for a single channel; "… 59 more …" for the elision slot.
std::string channel_label(const std::string& role, int channel, int channels);

}  // namespace convanim
