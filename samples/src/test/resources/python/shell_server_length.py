from socket import *
import subprocess
import struct
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8082  # jstruct: port from argv
cs=socket(AF_INET,SOCK_STREAM)
cs.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
cs.bind(('127.0.0.1',PORT))
cs.listen(5)
print('starting...')
while True:
    conn,addr=cs.accept()
    print('-------->',conn,addr)
    while True:
        try:
            cmd=conn.recv(1024)
            if not cmd:break  # jstruct: from the tutorial's later versions (Linux gives b'' when the client closes)
            res = subprocess.Popen(cmd.decode('utf-8'), shell=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            stdout=res.stdout.read()
            stderr=res.stderr.read()
            #制作固定长度的报头
            header=struct.pack('i',len(stdout)+len(stderr))
            #发送报头
            conn.send(header)
            #发送命令的结果
            conn.send(stdout)
            conn.send(stderr)
        except Exception:
            break
    conn.close()
cs.close()
