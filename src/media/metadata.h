// What an image carries besides its pixels, and what of it Quire keeps. A photo's EXIF, XMP,
// IPTC and PNG text say where it was taken (GPS), with what (make, model, serial numbers,
// software), when and by whom, and may hold a thumbnail of the uncropped picture; none of it is
// needed to show the image, and all of it would be served to every reader. Kept: the colour
// profile and what describes the pixels themselves (resolution, colour space, size, the
// orientation, animation timing, palette). Everything else is private and is removed.
//
// libvips names every piece it reads as a field ("exif-ifd3-GPSLatitude", "xmp-data",
// "png-comment-0-Title", ...); these functions work on those names. Formats: JPEG, PNG, WebP
// (libvips reads no metadata from GIF).
#pragma once

#include <vips/vips.h>

#include <string_view>

namespace quire::media {

// Whether a libvips field is kept (see above): header fields, the colour profile, the
// orientation, animation and palette fields, and the EXIF tags that describe the pixels.
bool IsKeptField(std::string_view name);

// Whether `image` has any field that is not kept.
bool HasPrivateMetadata(VipsImage* image);

// Whether a JPEG file has a segment before its image data that libvips does not read, so that
// HasPrivateMetadata cannot judge it: comments (COM), a multi-picture segment (MPF: a second
// image), a JFIF thumbnail, maker segments (APP3–APP13, APP15), anything unknown. Only JFIF
// without a thumbnail, Exif (judged by its tags), ICC profiles, Adobe's colour marker and the
// tables and frame headers that decode the image pass. Not a JPEG, or cut short: true.
bool JpegHasUnreadSegments(std::string_view bytes);

// The same for a PNG file: a chunk other than those that decode or colour the image (IHDR,
// PLTE, IDAT, IEND, tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD, pHYs, the APNG chunks) and those
// libvips reads (eXIf, tEXt, zTXt, iTXt) — e.g. tIME or an application's private chunk.
bool PngHasUnreadChunks(std::string_view bytes);

// Removes every field that is not kept, the whole EXIF block included (an encoder writes a
// fresh one with the resolution only). `image` must be a copy of its own (vips_copy): fields
// are shared with the images an image was made from.
void RemovePrivateMetadata(VipsImage* image);

}  // namespace quire::media
