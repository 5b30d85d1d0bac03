using MetadataExtractor;
using MetadataExtractor.Formats.Bmp;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.WebP;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Import;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Feeds;

public sealed record ImageSize(int Width, int Height);

/// <summary>
/// Pixel sizes of the site's own images, for link cards (og:image:width/height) and structured data: read once
/// from the file's header, then kept in memory. Images on other hosts get no size — fetching them would let any
/// article make the server call any address — and link-card readers then measure them themselves.
/// </summary>
public sealed class ImageSizes(IWebHostEnvironment environment, IOptions<NashirOptions> options, IMemoryCache cache, ILogger<ImageSizes> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <param name="url">An image URL as stored in an article: a path on this site ("/img/…") or an absolute URL.</param>
    public ImageSize? Of(string? url)
    {
        if (url is null || !url.StartsWith('/') || url.StartsWith("//", StringComparison.Ordinal)) return null;
        var path = url.Split('?', '#')[0];
        return cache.GetOrCreate("image-size:" + path, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return Read(path);
        });
    }

    private ImageSize? Read(string path)
    {
        // The site's own files, or the uploads an import copied into the data directory (served at /media).
        var relative = Uri.UnescapeDataString(path);
        var media = ImportSetup.MediaPath + "/";
        using var uploads = relative.StartsWith(media, StringComparison.Ordinal) ? new PhysicalFileProvider(ImportSetup.MediaDirectory(options.Value)) : null;
        var file = uploads is null ? environment.WebRootFileProvider.GetFileInfo(relative) : uploads.GetFileInfo(relative[media.Length..]);
        if (!file.Exists || file.IsDirectory) return null;
        try
        {
            using var stream = file.CreateReadStream();
            return SizeIn(ImageMetadataReader.ReadMetadata(stream));
        }
        catch (ImageProcessingException exception)
        {
            logger.LogWarning(exception, "Could not read the size of image {Path}.", path);
            return null;
        }
    }

    private static ImageSize? SizeIn(IEnumerable<MetadataExtractor.Directory> directories)
    {
        foreach (var directory in directories)
        {
            var (width, height) = directory switch
            {
                PngDirectory => (PngDirectory.TagImageWidth, PngDirectory.TagImageHeight),
                JpegDirectory => (JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
                WebPDirectory => (WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
                GifHeaderDirectory => (GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
                BmpHeaderDirectory => (BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight),
                _ => (-1, -1),
            };
            if (width >= 0 && directory.TryGetInt32(width, out var w) && directory.TryGetInt32(height, out var h) && w > 0 && h > 0)
                return new ImageSize(w, h);
        }
        return null;
    }
}
