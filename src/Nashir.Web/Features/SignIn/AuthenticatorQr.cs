using QRCoder;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// The otpauth:// link an authenticator app reads (Google's Key Uri Format, understood by every common app) and its
/// QR code, drawn here as an SVG data URI: the shared key never goes to a third-party image service.
/// </summary>
public static class AuthenticatorQr
{
    public static string Uri(string issuer, string account, string key) =>
        $"otpauth://totp/{Escape(issuer)}:{Escape(account)}?secret={key}&issuer={Escape(issuer)}&digits=6&period=30";

    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        // Q: a quarter of the code may be smudged or glared and still read; the link is short enough for a small code.
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        var svg = new SvgQRCode(data).GetGraphic(new System.Drawing.Size(240, 240), "#000000", "#ffffff");
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }

    private static string Escape(string text) => System.Uri.EscapeDataString(text);
}
