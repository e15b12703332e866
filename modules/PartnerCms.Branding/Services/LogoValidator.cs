using PartnerCms.Core.Media;

namespace PartnerCms.Branding.Services;

/// <summary>A logo is checked as every uploaded image is (<see cref="ImageValidator"/>), within a logo's limits.</summary>
public static class LogoValidator
{
    public const int MaxBytes = 512 * 1024;
    public const int MaxPixels = 2048;

    public static (CheckedImage? Logo, string? Error) Check(ReadOnlySpan<byte> data) => ImageValidator.Check(data, MaxBytes, MaxPixels, "logo");
}
