using System.Buffers.Binary;

namespace Portal.Web.Feedback;

/// <summary>
/// Removes what a photo says about its taker before it is stored and published: a phone's JPEG carries EXIF (GPS
/// position, time, device serial), XMP and IPTC; a PNG can carry text chunks and EXIF. Only what the picture needs to
/// render is kept: the image data, JPEG's JFIF, ICC colour profile and Adobe colour-transform segments, PNG's
/// colour and transparency chunks, and the EXIF orientation alone, rewritten, so an upright photo stays upright.
/// Nothing is decoded or re-encoded: the pixels are the sender's, byte for byte.
/// </summary>
public static class PhotoMetadata
{
    private const byte Marker = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;
    private const byte App0 = 0xE0;
    private const byte App1 = 0xE1;
    private const byte App2 = 0xE2;
    private const byte App14 = 0xEE;
    private const byte Comment = 0xFE;
    private const ushort OrientationTag = 0x0112;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The chunks a PNG needs to show the same picture (APNG's animation chunks included); all else goes.</summary>
    private static readonly HashSet<string> PngKept =
        ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs", "cICP", "acTL", "fcTL", "fdAT"];

    /// <exception cref="InvalidDataException">The bytes are not a well-formed image of the type named.</exception>
    public static byte[] Strip(ReadOnlySpan<byte> image, string contentType) => contentType switch
    {
        "image/jpeg" => StripJpeg(image),
        "image/png" => StripPng(image),
        _ => throw new InvalidDataException($"Photos are PNG or JPEG, not {contentType}."),
    };

    private static byte[] StripJpeg(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != Marker || jpeg[1] != StartOfImage)
        {
            throw Malformed("JPEG", "it does not begin with a start-of-image marker");
        }
        using var output = new MemoryStream(jpeg.Length);
        output.Write(jpeg[..2]);
        var orientationWritten = false;
        var position = 2;
        var inScan = false;
        while (true)
        {
            if (inScan)
            {
                // Entropy-coded data: 0xFF is followed by a stuffed 0x00 or a restart marker; anything else ends the scan.
                var start = position;
                while (position + 1 < jpeg.Length && !(jpeg[position] == Marker && jpeg[position + 1] is not (0x00 or Marker) and not (>= 0xD0 and <= 0xD7)))
                {
                    position++;
                }
                if (position + 1 >= jpeg.Length)
                {
                    throw Malformed("JPEG", "it ends inside its image data, with no end-of-image marker");
                }
                output.Write(jpeg[start..position]);
                inScan = false;
            }
            if (position + 1 >= jpeg.Length || jpeg[position] != Marker)
            {
                throw Malformed("JPEG", $"a marker was expected at byte {position}");
            }
            while (position + 1 < jpeg.Length && jpeg[position + 1] == Marker)
            {
                position++; // fill bytes
            }
            var marker = jpeg[position + 1];
            if (marker == EndOfImage)
            {
                // Whatever follows the image (a phone's trailer, an appended file) is dropped with it.
                output.Write(jpeg.Slice(position, 2));
                return output.ToArray();
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                output.Write(jpeg.Slice(position, 2));
                position += 2;
                continue;
            }
            if (position + 4 > jpeg.Length)
            {
                throw Malformed("JPEG", "it ends inside a segment header");
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.Slice(position + 2, 2));
            if (length < 2 || position + 2 + length > jpeg.Length)
            {
                throw Malformed("JPEG", $"the segment at byte {position} runs past the end");
            }
            var segment = jpeg.Slice(position, 2 + length);
            var body = segment[4..];
            if (marker == App1 && !orientationWritten && Orientation(body) is { } orientation and not 1)
            {
                output.Write(OrientationSegment(orientation));
                orientationWritten = true;
            }
            if (Keep(marker, body))
            {
                output.Write(segment);
            }
            position += 2 + length;
            inScan = marker == StartOfScan;
        }
    }

    private static bool Keep(byte marker, ReadOnlySpan<byte> body) => marker switch
    {
        App0 => body.StartsWith("JFIF\0"u8) || body.StartsWith("JFXX\0"u8),
        App2 => body.StartsWith("ICC_PROFILE\0"u8),
        App14 => body.StartsWith("Adobe"u8),
        Comment => false,
        >= App0 and <= 0xEF => false,
        _ => true,
    };

    /// <summary>The orientation tag of an EXIF APP1 body's first IFD, or null when there is none or it cannot be read.</summary>
    private static ushort? Orientation(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith("Exif\0\0"u8) || body.Length < 14)
        {
            return null;
        }
        var tiff = body[6..];
        var little = tiff.StartsWith("II"u8);
        if (!little && !tiff.StartsWith("MM"u8))
        {
            return null;
        }
        var ifd = U32(tiff, 4, little);
        if (ifd > int.MaxValue - 2 || ifd + 2 > tiff.Length)
        {
            return null;
        }
        var count = U16(tiff, (int)ifd, little);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + 12 * i;
            if (entry + 12 > tiff.Length)
            {
                return null;
            }
            if (U16(tiff, entry, little) == OrientationTag)
            {
                var value = U16(tiff, entry + 8, little);
                return U16(tiff, entry + 2, little) == 3 && value is >= 1 and <= 8 ? value : null;
            }
        }
        return null;
    }

    private static ushort U16(ReadOnlySpan<byte> tiff, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(tiff.Slice(at, 2)) : BinaryPrimitives.ReadUInt16BigEndian(tiff.Slice(at, 2));

    private static uint U32(ReadOnlySpan<byte> tiff, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(tiff.Slice(at, 4)) : BinaryPrimitives.ReadUInt32BigEndian(tiff.Slice(at, 4));

    /// <summary>An APP1 segment whose EXIF holds the orientation and nothing else.</summary>
    private static byte[] OrientationSegment(ushort orientation)
    {
        byte[] segment =
        [
            Marker, App1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, IFD0 at 8
            0x00, 0x01, // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        return segment;
    }

    private static byte[] StripPng(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(PngSignature))
        {
            throw Malformed("PNG", "it does not begin with the PNG signature");
        }
        using var output = new MemoryStream(png.Length);
        output.Write(PngSignature);
        var position = PngSignature.Length;
        var first = true;
        while (true)
        {
            if (position + 12 > png.Length)
            {
                throw Malformed("PNG", "it ends before its IEND chunk");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(position, 4));
            if (length > int.MaxValue || position + 12 + (long)length > png.Length)
            {
                throw Malformed("PNG", $"the chunk at byte {position} runs past the end");
            }
            var type = System.Text.Encoding.ASCII.GetString(png.Slice(position + 4, 4));
            if (first && type != "IHDR")
            {
                throw Malformed("PNG", "its first chunk is not IHDR");
            }
            first = false;
            var chunk = png.Slice(position, 12 + (int)length);
            if (PngKept.Contains(type))
            {
                output.Write(chunk);
            }
            position += chunk.Length;
            if (type == "IEND")
            {
                return output.ToArray();
            }
        }
    }

    private static InvalidDataException Malformed(string type, string why) => new($"The photo is not a well-formed {type}: {why}.");
}
