#pragma once
// The length a slice view's scale bar shows: a round number of millimetres
// (1, 2 or 5 times a power of ten) near a fifth of the view's width, so the
// bar reads at a glance and stays about the same size on screen as the
// zoom changes. Plain arithmetic, no Qt.
namespace lsms::ui {

// `viewWidthMm`: how many millimetres the view's width spans at the current
// zoom. Returns the round length closest (by ratio) to a fifth of it; 0 for
// a width that is not positive or not finite.
double scaleBarLengthMm(double viewWidthMm);

}  // namespace lsms::ui
