using System.Buffers.Binary;
using System.Text;
using System.Xml;

namespace PartnerCms.Branding.Services;

/// <summary>A logo that passed: its type (from its content), extension and size in pixels.</summary>
public sealed record CheckedLogo(string ContentType, string Extension, int Width, int Height);

/// <summary>
/// Checks an uploaded logo by its content, never its name: PNG, JPEG and WebP by their signatures and headers (with
/// their size in pixels), SVG as XML whose every element and attribute is on a short list of drawing ones — no script,
/// no event handler, no external reference, no DTD — otherwise it is refused with the reason.
/// </summary>
public static class LogoValidator
{
    public const int MaxBytes = 512 * 1024;
    public const int MaxPixels = 2048;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (CheckedLogo? Logo, string? Error) Check(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return (null, "The file is empty.");
        }

        if (data.Length > MaxBytes)
        {
            return (null, $"The logo is {data.Length / 1024:N0} KB; it may be at most {MaxBytes / 1024} KB.");
        }

        (CheckedLogo? Logo, string? Error) result;
        if (data.StartsWith(PngSignature))
        {
            result = data.Length < 24 || !data[12..16].SequenceEqual("IHDR"u8)
                ? (null, "The PNG file is damaged.")
                : (new CheckedLogo("image/png", "png", (int)BinaryPrimitives.ReadUInt32BigEndian(data[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(data[20..])), null);
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
            result = Svg(data);
        }
        else
        {
            return (null, "The file is not a PNG, JPEG, WebP or SVG image (its content says so, whatever its name).");
        }

        if (result.Logo is { } logo && (logo.Width <= 0 || logo.Height <= 0 || logo.Width > MaxPixels || logo.Height > MaxPixels))
        {
            return (null, $"The logo is {logo.Width}×{logo.Height} pixels; it may be at most {MaxPixels}×{MaxPixels}.");
        }

        return result;
    }

    private static (CheckedLogo?, string?) Jpeg(ReadOnlySpan<byte> data)
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
                return (new CheckedLogo("image/jpeg", "jpg", BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..])), null);
            }

            i += 2 + length;
        }

        return (null, "The JPEG file has no image frame.");
    }

    private static (CheckedLogo?, string?) WebP(ReadOnlySpan<byte> data)
    {
        var chunk = Encoding.ASCII.GetString(data[12..16]);
        return chunk switch
        {
            "VP8X" => (new CheckedLogo("image/webp", "webp", 1 + (data[24] | data[25] << 8 | data[26] << 16), 1 + (data[27] | data[28] << 8 | data[29] << 16)), null),
            "VP8L" => (new CheckedLogo("image/webp", "webp", 1 + ((data[21] | data[22] << 8) & 0x3FFF), 1 + ((data[22] >> 6 | data[23] << 2 | data[24] << 10) & 0x3FFF)), null),
            "VP8 " => (new CheckedLogo("image/webp", "webp", BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF), null),
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

    private static (CheckedLogo?, string?) Svg(ReadOnlySpan<byte> data)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes * 2, IgnoreComments = true, IgnoreProcessingInstructions = true };
        double width = 0, height = 0;
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
                    return (null, $"The SVG contains <{name}>, which a logo may not (no scripts, images, links or embedded content). Export it as plain shapes, or upload a PNG.");
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
                        return (null, $"The SVG has the attribute '{attribute}', which a logo may not (event handlers and styles are refused).");
                    }

                    if (attribute == "href" && !reader.Value.StartsWith('#'))
                    {
                        return (null, "The SVG refers to something outside itself; a logo may only refer to its own parts (#id).");
                    }

                    if (reader.Value.Contains("url(", StringComparison.OrdinalIgnoreCase) && !reader.Value.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("url(#", StringComparison.OrdinalIgnoreCase))
                    {
                        return (null, "The SVG refers to something outside itself; a logo may only refer to its own parts (#id).");
                    }

                    if (root && attribute == "width")
                    {
                        width = Length(reader.Value);
                    }
                    else if (root && attribute == "height")
                    {
                        height = Length(reader.Value);
                    }
                    else if (root && attribute == "viewBox" && (width == 0 || height == 0))
                    {
                        var parts = reader.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
                        if (parts.Length == 4)
                        {
                            width = width == 0 ? Length(parts[2]) : width;
                            height = height == 0 ? Length(parts[3]) : height;
                        }
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

        return (new CheckedLogo("image/svg+xml", "svg", (int)Math.Ceiling(width == 0 ? 300 : width), (int)Math.Ceiling(height == 0 ? 150 : height)), null);
    }

    private static double Length(string value) =>
        double.TryParse(value.Trim().TrimEnd('x', 'p').Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is > 0 and < 1e6
            ? number
            : 0;
}
