package dev.chat.attachment.web;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.AttachmentLinks;
import dev.chat.api.rest.AttachmentUploadRequest;
import dev.chat.api.rest.AttachmentUploadSlot;
import dev.chat.api.rest.AttachmentView;
import dev.chat.attachment.boundary.Attachments;
import dev.chat.attachment.control.ContentTypes;
import dev.chat.attachment.control.DownloadLinks;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.InputStream;

/**
 * {@code /api/v1/attachments} (docs/rest-api.md, "Attachments"): upload slots with presigned URLs
 * and their completion, direct multipart uploads, links for members, and the downloads those links
 * open. Downloads carry {@code X-Content-Type-Options: nosniff} and a sandboxing CSP, and only
 * images are shown inline: a file can never run as a page of the chat's origin.
 */
@Path("attachments")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentsResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Attachments attachments;

    /** 201: an upload slot (presigned PUT). */
    @POST
    @Path("uploads")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response requestUpload(@NotNull(message = "body is required") @Valid AttachmentUploadRequest request, @Context UriInfo uri) {
        AttachmentUploadSlot slot = attachments.requestUpload(caller.getSubject(), request);
        return Response.created(uri.getBaseUriBuilder().path("attachments").path(slot.attachmentId()).build()).entity(slot).build();
    }

    /** The upload arrived: checked, and sendable from now on. */
    @POST
    @Path("{attachmentId}/complete")
    public AttachmentView complete(@PathParam("attachmentId") String attachmentId) {
        return attachments.complete(caller.getSubject(), attachmentId);
    }

    /** 201: a file sent through the server ({@code multipart/form-data}: {@code roomId} and {@code file}). */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@FormParam("roomId") String roomId, @FormParam("file") EntityPart file, @Context UriInfo uri) {
        if (roomId == null || roomId.isBlank()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "form field 'roomId' is required");
        }
        if (file == null) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "form field 'file' is required");
        }
        String declared = file.getMediaType() == null ? null : file.getMediaType().toString();
        AttachmentView uploaded = attachments.upload(caller.getSubject(), roomId, file.getFileName().orElse(null), declared, file.getContent());
        return Response.created(uri.getBaseUriBuilder().path("attachments").path(uploaded.attachmentId()).build()).entity(uploaded).build();
    }

    @GET
    @Path("{attachmentId}")
    public AttachmentLinks links(@PathParam("attachmentId") String attachmentId, @Context UriInfo uri) {
        return attachments.linksFor(caller.getSubject(), attachmentId, uri.getBaseUri().toString());
    }

    /** The file, for a signed link (no token needed). */
    @GET
    @Path("{attachmentId}/content")
    @PermitAll
    public Response content(@PathParam("attachmentId") String attachmentId, @QueryParam("user") String user, @QueryParam("exp") long exp,
                            @QueryParam("sig") String sig) {
        return download(attachments.open(attachmentId, DownloadLinks.Variant.FILE, new DownloadLinks.Signed(user, exp, sig)));
    }

    /** The preview of an image, for a signed link. */
    @GET
    @Path("{attachmentId}/preview")
    @PermitAll
    public Response preview(@PathParam("attachmentId") String attachmentId, @QueryParam("user") String user, @QueryParam("exp") long exp,
                            @QueryParam("sig") String sig) {
        return download(attachments.open(attachmentId, DownloadLinks.Variant.PREVIEW, new DownloadLinks.Signed(user, exp, sig)));
    }

    private static Response download(Attachments.Download download) {
        StreamingOutput body = out -> {
            try (InputStream in = download.content()) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = Response.ok(body, download.mimeType())
                .header("Content-Disposition", ContentDisposition.of(download.fileName(), ContentTypes.isImage(download.mimeType())))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cache-Control", "private, max-age=300");
        if (download.size() >= 0) {
            response.header("Content-Length", download.size());
        }
        return response.build();
    }
}
