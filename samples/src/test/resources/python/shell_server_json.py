from socket import *
import subprocess
import struct
import json
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
            #制作报头
            header_dic={'filename':'a.txt','md5':'xxdxxx','total_size':len(stdout)+len(stderr)}
            header_json=json.dumps(header_dic)
            header_bytes=header_json.encode('utf-8')
            #先发送报头的长度
            conn.send(struct.pack('i',len(header_bytes)))
            #再发送报头
            conn.send(header_bytes)
            #最后发送真实的数据
            conn.send(stdout)
            conn.send(stderr)
        except Exception:
            break
    conn.close()
cs.close()
