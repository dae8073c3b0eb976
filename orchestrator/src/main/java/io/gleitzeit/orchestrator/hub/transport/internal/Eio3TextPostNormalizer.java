package io.gleitzeit.orchestrator.hub.transport.internal;

import com.corundumstudio.socketio.handler.EncoderHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.util.CharsetUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the text POST bodies of Engine.IO 3 clients ({@code b64=1}, not JSONP) before the library's polling
 * transport reads them (see {@link TransportCorrection#EIO3_PAYLOADS}).
 *
 * <p>The library URL-decodes such a body and reads its {@code <length>:} headers as code-point counts; the client
 * wrote plain text with UTF-16 lengths. This reads the packets as the client wrote them, frames each as
 * {@code <0><byte length digits><255><UTF-8>} (which the library decodes by exact byte counts), and drops
 * {@code b64} from the request so that nothing is URL-decoded.
 */
@Sharable
public final class Eio3TextPostNormalizer extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Eio3TextPostNormalizer.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && HttpMethod.POST.equals(request.method())) {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            if (isEio3TextPost(query.parameters())) {
                FullHttpRequest rewritten = rewrite(request, query);
                if (rewritten != null) {
                    ctx.channel().attr(EncoderHandler.B64).set(Boolean.FALSE);
                    request.release();
                    ctx.fireChannelRead(rewritten);
                    return;
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isEio3TextPost(Map<String, List<String>> parameters) {
        return "polling".equals(first(parameters, "transport"))
                && "3".equals(first(parameters, "EIO"))
                && isTrue(first(parameters, "b64"))
                && !parameters.containsKey("j");
    }

    private static FullHttpRequest rewrite(FullHttpRequest request, QueryStringDecoder query) {
        List<String> packets;
        try {
            packets = Eio3TextPayload.decode(request.content().toString(CharsetUtil.UTF_8));
        } catch (IllegalArgumentException e) {
            log.debug("Left a malformed Engine.IO 3 text payload to the library: {}", e.getMessage());
            return null;
        }
        ByteBuf framed = request.content().alloc().buffer(request.content().readableBytes() + packets.size() * 12);
        for (String packet : packets) {
            if (packet.isEmpty()) {
                continue;
            }
            byte[] utf8 = packet.getBytes(StandardCharsets.UTF_8);
            framed.writeByte(0);
            String digits = Integer.toString(utf8.length);
            for (int i = 0; i < digits.length(); i++) {
                framed.writeByte(digits.charAt(i) - '0');
            }
            framed.writeByte(0xff);
            framed.writeBytes(utf8);
        }
        FullHttpRequest rewritten = request.replace(framed);
        rewritten.setUri(withoutB64(query));
        return rewritten;
    }

    private static String withoutB64(QueryStringDecoder query) {
        QueryStringEncoder encoder = new QueryStringEncoder(query.rawPath());
        query.parameters().forEach((name, values) -> {
            if (!name.equals("b64")) {
                values.forEach(value -> encoder.addParam(name, value));
            }
        });
        return encoder.toString();
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean isTrue(String flag) {
        return "1".equals(flag) || "true".equals(flag);
    }
}
