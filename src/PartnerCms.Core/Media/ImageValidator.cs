using System.Buffers.Binary;
using System.Text;
using System.Xml;

namespace PartnerCms.Core.Media;

/// <summary>An image that passed: its type (from its content), extension and size in pixels.</summary>
public sealed record CheckedImage(string ContentType, string Extension, int Width, int Height)
{
    /// <summary>What is stored and served: a raster image encoded anew from its decoded pixels (no metadata, nothing appended); an SVG as uploaded.</summary>
    public byte[] Data { get; init; } = [];
}

/// <summary>
/// Checks an uploaded image (a logo, a media library image) by its content, never its name: PNG, JPEG and WebP by their signatures and headers (with
/// their size in pixels), SVG as XML whose every element and attribute is on a short list of drawing ones — no script,
/// no event handler, no external reference, no DTD — otherwise it is refused with the reason.
/// </summary>
public static class ImageValidator
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The image if it passed (raster ones re-encoded), else why not, in words that call it <paramref name="noun"/> ("logo", "image").</summary>
    public static (CheckedImage? Image, string? Error) Check(ReadOnlySpan<byte> data, int maxBytes, int maxPixels, string noun)
    {
        if (data.Length == 0)
        {
            return (null, "The file is empty.");
        }

        if (data.Length > maxBytes)
        {
            return (null, $"The {noun} is {data.Length / 1024:N0} KB; it may be at most {maxBytes / 1024:N0} KB.");
        }

        (CheckedImage? Image, string? Error) result;
        if (data.StartsWith(PngSignature))
        {
            result = data.Length < 24 || !data[12..16].SequenceEqual("IHDR"u8)
                ? (null, "The PNG file is damaged.")
                : (new CheckedImage("image/png", "png", (int)BinaryPrimitives.ReadUInt32BigEndian(data[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(data[20..])), null);
        }
        else if (data.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            result = Jpeg(data);
        }
        else if (data.Length >= 30 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            result = WebP(data);
        }
        else if (LooksLikeSvg(data))
        {
            result = Svg(data, maxBytes, noun);
        }
        else
        {
            return (null, "The file is not a PNG, JPEG, WebP or SVG image (its content says so, whatever its name).");
        }

        if (result.Image is { } image && (image.Width <= 0 || image.Height <= 0 || image.Width > maxPixels || image.Height > maxPixels))
        {
            return (null, $"The {noun} is {image.Width}×{image.Height} pixels; it may be at most {maxPixels}×{maxPixels}.");
        }

        return result.Image is not { } found ? result
            : found.ContentType == "image/svg+xml" ? (found with { Data = data.ToArray() }, null)
            : Reencode(data, found, maxPixels, noun);
    }

    /// <summary>
    /// Decodes a raster image (its header's size already checked, so no huge allocation) and encodes its pixels again in
    /// the same format: metadata, trailing bytes and anything else a file can carry besides the image are gone. The size
    /// is checked again on the decoded image.
    /// </summary>
    private static (CheckedImage?, string?) Reencode(ReadOnlySpan<byte> data, CheckedImage header, int maxPixels, string noun)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(data);
        if (bitmap is null)
        {
            return (null, $"The {header.Extension.ToUpperInvariant()} file could not be decoded as an image.");
        }

        if (bitmap.Width > maxPixels || bitmap.Height > maxPixels)
        {
            return (null, $"The {noun} is {bitmap.Width}×{bitmap.Height} pixels; it may be at most {maxPixels}×{maxPixels}.");
        }

        var format = header.ContentType switch
        {
            "image/jpeg" => SkiaSharp.SKEncodedImageFormat.Jpeg,
            "image/webp" => SkiaSharp.SKEncodedImageFormat.Webp,
            _ => SkiaSharp.SKEncodedImageFormat.Png,
        };
        using var encoded = bitmap.Encode(format, 90);
        return encoded is null
            ? (null, $"The {noun} could not be encoded again; upload it as a PNG.")
            : (header with { Width = bitmap.Width, Height = bitmap.Height, Data = encoded.ToArray() }, null);
    }

    private static (CheckedImage?, string?) Jpeg(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 9 < data.Length)
        {
            if (data[i] != 0xFF)
            {
                return (null, "The JPEG file is damaged.");
            }

            var marker = data[i + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            // Start of frame (baseline, progressive…): height then width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (new CheckedImage("image/jpeg", "jpg", BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..])), null);
            }

            i += 2 + length;
        }

        return (null, "The JPEG file has no image frame.");
    }

    private static (CheckedImage?, string?) WebP(ReadOnlySpan<byte> data)
    {
        var chunk = Encoding.ASCII.GetString(data[12..16]);
        return chunk switch
        {
            "VP8X" => (new CheckedImage("image/webp", "webp", 1 + (data[24] | data[25] << 8 | data[26] << 16), 1 + (data[27] | data[28] << 8 | data[29] << 16)), null),
            "VP8L" => (new CheckedImage("image/webp", "webp", 1 + ((data[21] | data[22] << 8) & 0x3FFF), 1 + ((data[22] >> 6 | data[23] << 2 | data[24] << 10) & 0x3FFF)), null),
            "VP8 " => (new CheckedImage("image/webp", "webp", BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF), null),
            _ => (null, "The WebP file is damaged."),
        };
    }

    private static bool LooksLikeSvg(ReadOnlySpan<byte> data)
    {
        var head = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<svg", StringComparison.Ordinal) || head.StartsWith("<?xml", StringComparison.Ordinal) || head.StartsWith("<!--", StringComparison.Ordinal) || head.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
    }

    private static readonly HashSet<string> Elements = new(StringComparer.Ordinal)
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title", "desc", "defs",
        "linearGradient", "radialGradient", "stop", "clipPath", "mask", "symbol", "use",
    };

    private static readonly HashSet<string> Attributes = new(StringComparer.Ordinal)
    {
        "xmlns", "version", "id", "class", "width", "height", "viewBox", "preserveAspectRatio", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
        "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "clip-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
        "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "opacity", "font-family", "font-size", "font-weight", "text-anchor",
        "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "clip-path", "mask", "href", "role", "aria-label",
        "dominant-baseline", "letter-spacing",
    };

    private static (CheckedImage?, string?) Svg(ReadOnlySpan<byte> data, int maxBytes, string noun)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = maxBytes * 2L, IgnoreComments = true, IgnoreProcessingInstructions = true };
        double width = 0, height = 0, viewWidth = 0, viewHeight = 0;
        var root = true;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(data.ToArray()), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                var name = reader.LocalName;
                if (!Elements.Contains(name))
                {
                    return (null, $"The SVG contains <{name}>, which {Article(noun)} {noun} may not (no scripts, images, links or embedded content). Export it as plain shapes, or upload a PNG.");
                }

                if (root && name != "svg")
                {
                    return (null, "The file is XML but not an SVG image.");
                }

                while (reader.MoveToNextAttribute())
                {
                    var attribute = reader.LocalName;
                    if (reader.Prefix == "xmlns" || (attribute == "xmlns" && reader.Prefix.Length == 0))
                    {
                        continue;
                    }

                    if (!Attributes.Contains(attribute))
                    {
                        return (null, $"The SVG has the attribute '{attribute}', which {Article(noun)} {noun} may not (event handlers and styles are refused).");
                    }

                    if (attribute == "href" && !reader.Value.StartsWith('#'))
                    {
                        return (null, $"The SVG refers to something outside itself; {Article(noun)} {noun} may only refer to its own parts (#id).");
                    }

                    if (!OnlyOwnReferences(reader.Value))
                    {
                        return (null, $"The SVG refers to something outside itself; {Article(noun)} {noun} may only refer to its own parts (#id).");
                    }

                    if (root && attribute is "width" or "height")
                    {
                        if (Length(reader.Value) is not { } size)
                        {
                            return (null, $"The SVG's {attribute} \"{Shorten(reader.Value)}\" is not a size in pixels (a number, optionally with px).");
                        }

                        (width, height) = attribute == "width" ? (size, height) : (width, size);
                    }
                    else if (root && attribute == "viewBox")
                    {
                        var parts = reader.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
                        if (parts.Length != 4 || parts.Any(p => !double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n)))
                        {
                            return (null, "The SVG's viewBox is not four numbers.");
                        }

                        viewWidth = Length(parts[2]) ?? 0;
                        viewHeight = Length(parts[3]) ?? 0;
                    }
                }

                reader.MoveToElement();
                root = false;
            }
        }
        catch (XmlException ex)
        {
            return (null, $"The SVG could not be read as XML: {ex.Message}");
        }

        if (root)
        {
            return (null, "The file is not an SVG image.");
        }

        width = width > 0 ? width : viewWidth > 0 ? viewWidth : 300;
        height = height > 0 ? height : viewHeight > 0 ? viewHeight : 150;
        return (new CheckedImage("image/svg+xml", "svg", (int)Math.Min(int.MaxValue, Math.Ceiling(width)), (int)Math.Min(int.MaxValue, Math.Ceiling(height))), null);
    }

    /// <summary>Every url(…) in a value refers to a part of the image itself (#id): "url(#a), url(https://…)" does not.</summary>
    private static bool OnlyOwnReferences(string value)
    {
        var compact = new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray());
        for (var at = compact.IndexOf("url(", StringComparison.OrdinalIgnoreCase); at >= 0; at = compact.IndexOf("url(", at + 4, StringComparison.OrdinalIgnoreCase))
        {
            var rest = compact.AsSpan(at + 4).TrimStart("'\"");
            if (rest.Length == 0 || rest[0] != '#')
            {
                return false;
            }
        }

        // An escaped "u\72l(" or a comment would hide a reference from the search above: an image has no use for either.
        return !compact.Contains('\\') && !compact.Contains("/*", StringComparison.Ordinal);
    }

    private static string Article(string noun) => noun.Length > 0 && "aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>A length in pixels ("120", "120px", "1e2"), or null: another unit, not a number, not finite, not positive.</summary>
    private static double? Length(string value)
    {
        var text = value.Trim();
        text = text.EndsWith("px", StringComparison.OrdinalIgnoreCase) ? text[..^2].TrimEnd() : text;
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number > 0
            ? number
            : null;
    }
}
