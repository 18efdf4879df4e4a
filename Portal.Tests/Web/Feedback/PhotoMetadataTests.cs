using System.Text;
using Portal.Tests.Infrastructure;
using Portal.Web.Feedback;

namespace Portal.Tests.Web.Feedback;

/// <summary>
/// A citizen's photo loses what it says about its taker (EXIF GPS, XMP, IPTC, comments, PNG text, trailers) and keeps
/// every byte the picture needs, with the orientation alone rewritten.
/// </summary>
public sealed class PhotoMetadataTests
{
    private const int AfterJfif = 2 + 18; // SOI, then the 16-byte APP0 JFIF segment with its marker and length

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_phones_jpeg_keeps_its_pixels_and_orientation_and_loses_its_location(bool littleEndian)
    {
        var clean = TestImages.Jpeg();
        byte[] phone =
        [
            .. clean[..AfterJfif],
            .. TestImages.Segment(0xE1, TestImages.Exif(orientation: 6, littleEndian)),
            .. TestImages.Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8.ToArray(), .. "<x:xmpmeta>XMP-Secret-Marker</x:xmpmeta>"u8.ToArray()]),
            .. TestImages.Segment(0xED, [.. "Photoshop 3.0\0"u8.ToArray(), .. "IPTC-Secret-Marker"u8.ToArray()]),
            .. TestImages.Segment(0xFE, "Comment-Secret-Marker"u8.ToArray()),
            .. clean[AfterJfif..],
            .. "Trailer-Secret-Marker"u8.ToArray(),
        ];

        var stripped = PhotoMetadata.Strip(phone, "image/jpeg");

        var text = Encoding.Latin1.GetString(stripped);
        foreach (var secret in new[] { "GPS-Secret", "XMP-Secret", "IPTC-Secret", "Comment-Secret", "Trailer-Secret", "Cam" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        // Everything else is the original, byte for byte, with an EXIF that holds the orientation and nothing more.
        byte[] orientationOnly = [.. "Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0"u8.ToArray()];
        Assert.Equal([.. clean[..AfterJfif], .. TestImages.Segment(0xE1, orientationOnly), .. clean[AfterJfif..]], stripped);
        Assert.Equal(stripped, PhotoMetadata.Strip(stripped, "image/jpeg"));
    }

    [Fact]
    public void An_upright_jpeg_needs_no_exif_at_all_and_a_clean_one_is_unchanged()
    {
        var clean = TestImages.Jpeg();
        Assert.Equal(clean, PhotoMetadata.Strip(clean, "image/jpeg"));
        byte[] upright = [.. clean[..AfterJfif], .. TestImages.Segment(0xE1, TestImages.Exif(orientation: 1)), .. clean[AfterJfif..]];
        Assert.Equal(clean, PhotoMetadata.Strip(upright, "image/jpeg"));
    }

    [Fact]
    public void Scan_data_with_stuffed_bytes_and_restart_markers_passes_through_and_metadata_between_scans_goes()
    {
        byte[] tables = [.. TestImages.Segment(0xDB, new byte[65]), .. TestImages.Segment(0xC2, new byte[15])];
        byte[] scan1 = [.. TestImages.Segment(0xDA, new byte[10]), 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD1, 0x78];
        byte[] scan2 = [.. TestImages.Segment(0xC4, new byte[20]), .. TestImages.Segment(0xDA, new byte[10]), 0x9A, 0xFF, 0x00, 0xBC];
        byte[] progressive =
        [
            0xFF, 0xD8, .. tables, .. scan1, .. TestImages.Segment(0xE1, TestImages.Exif(orientation: 1)),
            .. TestImages.Segment(0xFE, "between"u8.ToArray()), .. scan2, 0xFF, 0xD9,
        ];
        Assert.Equal([0xFF, 0xD8, .. tables, .. scan1, .. scan2, 0xFF, 0xD9], PhotoMetadata.Strip(progressive, "image/jpeg"));
    }

    [Fact]
    public void A_png_keeps_its_image_chunks_and_loses_text_exif_time_and_trailer()
    {
        var clean = TestImages.Png();
        var ihdr = clean[..(8 + 25)];
        byte[] tagged =
        [
            .. ihdr,
            .. TestImages.Chunk("tEXt", "Comment\0Text-Secret-Marker"u8.ToArray()),
            .. TestImages.Chunk("eXIf", TestImages.Exif(orientation: 1)[6..]),
            .. TestImages.Chunk("tIME", [7, 234, 12, 3, 10, 0, 0]),
            .. TestImages.Chunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0XMP-Secret-Marker"u8.ToArray()),
            .. clean[(8 + 25)..],
            .. "Trailer-Secret-Marker"u8.ToArray(),
        ];
        Assert.Equal(clean, PhotoMetadata.Strip(tagged, "image/png"));
    }

    [Theory]
    [InlineData("image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x40, 0x4A })]
    [InlineData("image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34 })]
    [InlineData("image/jpeg", new byte[] { 0xFF, 0xD8, 0x12, 0x34 })]
    [InlineData("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0x49, 0x44, 0x41, 0x54, 0, 0, 0, 0 })]
    [InlineData("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x49, 0x48, 0x44, 0x52 })]
    [InlineData("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    public void Malformed_images_are_refused(string type, byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => PhotoMetadata.Strip(bytes, type));

    [Fact]
    public void A_png_without_its_end_is_refused() =>
        Assert.Throws<InvalidDataException>(() => PhotoMetadata.Strip(TestImages.Png().AsSpan(0, TestImages.Png().Length - 12), "image/png"));
}
