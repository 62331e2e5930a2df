// Fault (Java): strips the newline a terminal client would send with
// message.substring(0, message.indexOf('\n')). The checker's messages, like the assignment's
// client's, end with no newline: indexOf returns -1, substring throws
// StringIndexOutOfBoundsException in the main thread, which serves every client, and the JVM
// prints "Exception in thread "main" ..." with its stack and exits with code 1 (this one stands
// for a Java server's crash line). Build and run: javac CrashesJava.java, then java CrashesJava.
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class CrashesJava {
    public static void main(String[] args) throws Exception {
        String fromEnv = System.getenv("PORT");
        int port = fromEnv == null || fromEnv.isEmpty() ? 12345 : Integer.parseInt(fromEnv);
        ServerSocket listener = new ServerSocket(port, 16, InetAddress.getByName("localhost"));
        System.out.println("CrashesJava: listening on localhost:" + port);
        while (true) {
            try (Socket client = listener.accept()) {
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[65536];
                int n = in.read(buffer);
                String message = new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8);
                String line = message.substring(0, message.indexOf('\n'));
                OutputStream out = client.getOutputStream();
                long count = line.codePoints().count();
                out.write(("Jumlah karakter dalam kalimat tersebut adalah " + count + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
